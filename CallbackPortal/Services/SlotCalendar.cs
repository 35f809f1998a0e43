using System.Globalization;

namespace CallbackPortal.Services;

/// <summary>
/// The time slots in which consumers can schedule callbacks: a grid of <see cref="SlotMinutes"/>-long
/// cells counted from local midnight in the service's zone, bookable where they lie wholly inside
/// office hours, each with a capacity from the <see cref="CapacityPlan"/>.
/// </summary>
/// <remarks>
/// A slot starts whenever the wall clock shows a grid time (or jumps past one) and lasts while the
/// clock stays inside that grid cell, so clock changes bend slots the way people expect: after a
/// spring-forward gap the slot starts when the clock jumps into it (a 15-minute grid has no
/// 02:00–02:45 slots that night), and the repeated hour of a fall-back has its own slots (01:15 EDT
/// and 01:15 EST are two slots, with a capacity each), while a 120-minute 00:00 cell, whose start the
/// clock does not show again, simply lasts three hours.
/// </remarks>
public sealed class SlotCalendar
{
    private readonly TimeZoneRules rules;
    private readonly int defaultCapacity;
    private readonly Dictionary<(DayOfWeek Day, TimeOnly Start), int> weekly = [];
    private readonly Dictionary<(DateOnly Date, TimeOnly Start), int> dated = [];

    /// <exception cref="ArgumentException">The plan's slot length is not one of <see cref="CapacityPlan.AllowedSlotLengths"/>.</exception>
    public SlotCalendar(OfficeHours hours, CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(plan);
        if (!CapacityPlan.IsAllowedSlotLength(plan.SlotMinutes))
        {
            throw new ArgumentException(
                $"A slot of {plan.SlotMinutes} minutes is not allowed: use one of {string.Join(", ", CapacityPlan.AllowedSlotLengths)}.",
                nameof(plan));
        }

        Hours = hours;
        rules = hours.Rules;
        SlotMinutes = plan.SlotMinutes;
        defaultCapacity = plan.DefaultCapacity;

        // Copies of the plan; when a slot is listed twice, the later entry wins.
        foreach (var entry in plan.WeeklyOverrides ?? [])
        {
            weekly[(entry.Day, entry.SlotStart)] = entry.Capacity;
        }

        foreach (var entry in plan.DatedExceptions ?? [])
        {
            dated[(entry.Date, entry.SlotStart)] = entry.Capacity;
        }
    }

    public OfficeHours Hours { get; }

    /// <summary>Slot length in minutes.</summary>
    public int SlotMinutes { get; }

    /// <summary>The start (UTC) of the slot that contains <paramref name="instant"/>, aligned to the grid in local time.</summary>
    public DateTimeOffset SlotStartOf(DateTimeOffset instant)
    {
        var cell = CellOf(rules.ToLocal(instant));
        var occurrences = rules.Occurrences(cell);
        if (occurrences.Count == 0)
        {
            // The cell's start falls in a spring-forward gap: the slot starts when the clock jumps into it.
            return rules.ToInstant(cell);
        }

        // After a fall-back the cell's start comes round a second time; once it has, that is the slot's start.
        return occurrences.LastOrDefault(o => o <= instant, occurrences[0]);
    }

    /// <summary>The capacity of the slot that contains <paramref name="slotStart"/>: dated exception, else weekly override, else default.</summary>
    public int CapacityOf(DateTimeOffset slotStart)
    {
        var cell = CellOf(rules.ToLocal(slotStart));
        var date = DateOnly.FromDateTime(cell);
        var start = TimeOnly.FromDateTime(cell);
        var capacity = dated.TryGetValue((date, start), out var onDate) ? onDate
            : weekly.TryGetValue((date.DayOfWeek, start), out var onDay) ? onDay
            : defaultCapacity;
        return Math.Max(0, capacity);
    }

    /// <summary>
    /// The slots starting from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive)
    /// that lie wholly inside office hours, in order, full ones included (with no places free).
    /// </summary>
    /// <param name="bookedCount">How many callbacks are booked in the slot starting at the given UTC instant.</param>
    public IEnumerable<Slot> Slots(DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, int> bookedCount)
    {
        ArgumentNullException.ThrowIfNull(bookedCount);
        return SlotsInOpenHours(from, to, bookedCount);
    }

    /// <summary>
    /// Whether a callback can be scheduled at <paramref name="desired"/>: not before <paramref name="now"/>,
    /// at most <paramref name="horizonDays"/> days (of 24 hours) after it, inside a slot that lies wholly
    /// in office hours, and in a slot whose capacity exceeds the <paramref name="booked"/> callbacks it already holds.
    /// </summary>
    public SlotVerdict Check(DateTimeOffset desired, DateTimeOffset now, int horizonDays, int booked)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizonDays);
        ArgumentOutOfRangeException.ThrowIfNegative(booked);

        var slotStart = SlotStartOf(desired);
        if (desired < now)
        {
            return new(SlotOutcome.InPast, slotStart, $"The desired time {Describe(desired)} has passed.");
        }

        if (desired > now.AddDays(horizonDays))
        {
            return new(SlotOutcome.OutsideHorizon, slotStart, $"The desired time {Describe(desired)} is more than {horizonDays} days ahead.");
        }

        var slot = $"The slot starting {Describe(slotStart)}";
        if (!IsOpenThroughout(slotStart, SlotEndOf(slotStart)))
        {
            return new(SlotOutcome.Closed, slotStart, $"{slot} is not within office hours.");
        }

        var capacity = CapacityOf(slotStart);
        return booked >= capacity
            ? new(SlotOutcome.Full, slotStart, $"{slot} is full: {booked} booked of {capacity}.")
            : new(SlotOutcome.Ok, slotStart, $"{slot} has {capacity - booked} of {capacity} places free.");
    }

    private IEnumerable<Slot> SlotsInOpenHours(DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, int> bookedCount)
    {
        // Look a day past the window so that the last slot starting in it is seen whole.
        foreach (var (open, close) in Hours.OpenIntervals(from, to.AddDays(1)))
        {
            var start = SlotStartOf(open);
            if (start < open)
            {
                start = SlotEndOf(start);
            }

            while (start < to && start < close)
            {
                var end = SlotEndOf(start);

                // A slot always ends after it starts; the check keeps a surprise in a zone's rules from looping forever.
                if (end > close || end <= start)
                {
                    break;
                }

                var total = CapacityOf(start);
                yield return new Slot(start, rules.ToLocal(start), total, Math.Max(0, total - bookedCount(start)));
                start = end;
            }
        }
    }

    /// <summary>The first instant after <paramref name="slotStart"/> at which the wall clock leaves the slot's cell.</summary>
    private DateTimeOffset SlotEndOf(DateTimeOffset slotStart)
    {
        var cell = CellOf(rules.ToLocal(slotStart));
        var next = cell.AddMinutes(SlotMinutes);
        var occurrences = rules.Occurrences(next);
        var reachesNext = occurrences.Count == 0
            ? rules.ToInstant(next)
            : occurrences.FirstOrDefault(o => o > slotStart, occurrences[^1]);

        // A fall-back that sets the clock back to the cell's start or before it ends the slot early.
        return rules.FirstOffsetChange(slotStart, reachesNext) is { } change && rules.ToLocal(change) <= cell
            ? change
            : reachesNext;
    }

    private bool IsOpenThroughout(DateTimeOffset start, DateTimeOffset end) =>
        Hours.OpenIntervals(start, end).Any(i => i.Start == start && i.End == end);

    private DateTime CellOf(DateTime local)
    {
        var minutes = (local.Hour * 60) + local.Minute;
        return local.Date.AddMinutes(minutes - (minutes % SlotMinutes));
    }

    private string Describe(DateTimeOffset instant) =>
        $"{rules.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({rules.Zone.Id})";
}
