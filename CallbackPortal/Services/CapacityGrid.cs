namespace CallbackPortal.Services;

/// <summary>Consecutive slots of one date with the same dated capacity, as the editor lists them (end exclusive; 00:00 is midnight).</summary>
public sealed record CapacityRange(DateOnly Date, TimeOnly Start, TimeOnly End, int Capacity, int Slots);

/// <summary>
/// The capacity plan as the editor's grid of weekdays × slots shows and changes it: which rows to show, which cells
/// lie outside the weekly office hours, a cell's capacity (stored only when it differs from the default), a new slot
/// length, and dated exceptions entered and listed as ranges of slots rather than one slot at a time.
/// </summary>
public static class CapacityGrid
{
    private const int Day = 24 * 60;

    /// <summary>The rows to show: the whole day, or the slots from the week's first opening to its last closing (and any slot with its own capacity).</summary>
    public static IReadOnlyList<TimeOnly> Rows(CapacityPlan plan, ServiceSchedule schedule, bool wholeDay)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(schedule);
        var minutes = plan.SlotMinutes;
        if (!CapacityPlan.IsAllowedSlotLength(minutes))
        {
            return [];
        }
        var ranges = (schedule.Weekly ?? []).Where(r => EndMinutes(r.End) > Minutes(r.Start)).ToList();
        var (first, last) = wholeDay || ranges.Count == 0 ? (0, Day) : (ranges.Min(r => Minutes(r.Start)), ranges.Max(r => EndMinutes(r.End)));
        var starts = Enumerable.Range(0, Day / minutes).Select(i => i * minutes)
            .Where(m => m + minutes > first && m < last)
            .Select(m => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(m)));
        var extra = (plan.WeeklyOverrides ?? []).Where(e => CapacityPlan.IsOnGrid(e.SlotStart, minutes)).Select(e => e.SlotStart);
        return [.. starts.Union(extra).Order()];
    }

    /// <summary>True when the weekly office hours cover the whole slot on that day (dated openings and holidays aside).</summary>
    public static bool IsOpen(ServiceSchedule schedule, DayOfWeek day, TimeOnly slotStart, int slotMinutes)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var start = Minutes(slotStart);
        return (schedule.Weekly ?? []).Any(r => r.Day == day && Minutes(r.Start) <= start && EndMinutes(r.End) >= start + slotMinutes);
    }

    public static int CapacityAt(CapacityPlan plan, DayOfWeek day, TimeOnly slotStart)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.WeeklyOverrides ?? []).LastOrDefault(e => e.Day == day && e.SlotStart == slotStart)?.Capacity ?? plan.DefaultCapacity;
    }

    /// <summary>Sets a cell; a cell equal to the default keeps no entry of its own (so a later default applies to it).</summary>
    public static void SetCapacity(CapacityPlan plan, DayOfWeek day, TimeOnly slotStart, int capacity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.WeeklyOverrides.RemoveAll(e => e.Day == day && e.SlotStart == slotStart);
        if (capacity != plan.DefaultCapacity)
        {
            plan.WeeklyOverrides.Add(new(day, slotStart, capacity));
        }
    }

    /// <summary>Changes the slot length, dropping the entries that start off the new grid; returns how many were dropped.</summary>
    public static int ChangeSlotLength(CapacityPlan plan, int slotMinutes)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.SlotMinutes = slotMinutes;
        return plan.WeeklyOverrides.RemoveAll(e => !CapacityPlan.IsOnGrid(e.SlotStart, slotMinutes))
            + plan.DatedExceptions.RemoveAll(e => !CapacityPlan.IsOnGrid(e.SlotStart, slotMinutes));
    }

    /// <summary>The dated exceptions as ranges: consecutive slots of a date with the same capacity make one.</summary>
    public static IReadOnlyList<CapacityRange> DatedRanges(CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ranges = new List<CapacityRange>();
        foreach (var entry in (plan.DatedExceptions ?? []).OrderBy(e => e.Date).ThenBy(e => e.SlotStart))
        {
            var start = Minutes(entry.SlotStart);
            if (ranges.Count > 0 && ranges[^1] is var last && last.Date == entry.Date && last.Capacity == entry.Capacity && EndMinutes(last.End) == start)
            {
                ranges[^1] = last with { End = At(start + plan.SlotMinutes), Slots = last.Slots + 1 };
            }
            else
            {
                ranges.Add(new(entry.Date, entry.SlotStart, At(start + plan.SlotMinutes), entry.Capacity, 1));
            }
        }
        return ranges;
    }

    /// <summary>
    /// Gives every slot of <paramref name="date"/> from <paramref name="from"/> to <paramref name="to"/> (00:00 is midnight)
    /// the capacity, replacing what those slots had; returns why not, or null. Times are rounded out to the slot grid.
    /// </summary>
    public static string? AddDatedRange(CapacityPlan plan, DateOnly date, TimeOnly from, TimeOnly to, int capacity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var minutes = plan.SlotMinutes;
        if (!CapacityPlan.IsAllowedSlotLength(minutes))
        {
            return "Pick a slot length first.";
        }
        var first = Minutes(from) / minutes * minutes;
        var end = EndMinutes(to);
        if (end <= first)
        {
            return "The range must start before it ends (an end of 00:00 means midnight).";
        }
        var starts = Enumerable.Range(0, Day / minutes).Select(i => i * minutes).Where(m => m >= first && m < end).Select(At).ToHashSet();
        plan.DatedExceptions.RemoveAll(e => e.Date == date && starts.Contains(e.SlotStart));
        plan.DatedExceptions.AddRange(starts.Order().Select(s => new DatedSlotCapacity(date, s, capacity)));
        return null;
    }

    public static void RemoveDatedRange(CapacityPlan plan, CapacityRange range)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(range);
        plan.DatedExceptions.RemoveAll(e => e.Date == range.Date && Minutes(e.SlotStart) >= Minutes(range.Start) && Minutes(e.SlotStart) < EndMinutes(range.End));
    }

    private static int Minutes(TimeOnly time) => (time.Hour * 60) + time.Minute;

    private static int EndMinutes(TimeOnly end) => end == TimeOnly.MinValue ? Day : Minutes(end);

    private static TimeOnly At(int minutes) => minutes >= Day ? TimeOnly.MinValue : TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes));
}
