namespace CallbackPortal.Services;

/// <summary>
/// Answers when a service is open, from a snapshot of its <see cref="ServiceSchedule"/>. Wall-clock
/// ranges are turned into instants with the zone's rules (see <see cref="TimeZoneRules"/>), so an
/// opening in a spring-forward gap starts right after the gap and a repeated time means its first
/// occurrence. Openings that touch (17:00–00:00 then 00:00–06:00) count as one.
/// </summary>
/// <remarks>
/// Mistakes that <see cref="Validate"/> reports are tolerated here: a range whose start is not before
/// its end opens nothing, and overlapping ranges simply merge.
/// </remarks>
public sealed partial class OfficeHours
{
    /// <summary>The longest <see cref="OpenFor"/> reports (a service open around the clock would never close).</summary>
    public static readonly TimeSpan OpenForLimit = TimeSpan.FromDays(31);

    /// <summary>The longest search <see cref="NextOpening"/> accepts.</summary>
    public static readonly TimeSpan SearchLimitMaximum = TimeSpan.FromDays(366);

    private readonly ILookup<DayOfWeek, WeeklyRange> weekly;
    private readonly ILookup<DateOnly, DatedRange> extraOpenings;
    private readonly HashSet<DateOnly> holidays;

    /// <exception cref="ArgumentException">The schedule's time zone is not known on this machine.</exception>
    public OfficeHours(ServiceSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Rules = new TimeZoneRules(FindZone(schedule.TimeZone)
            ?? throw new ArgumentException($"Unknown time zone '{schedule.TimeZone}': use an IANA id such as 'America/New_York'.", nameof(schedule)));

        // Copies, so that later edits of the document do not change the answers of this instance.
        weekly = (schedule.Weekly ?? []).Select(Copy).ToLookup(r => r.Day);
        extraOpenings = (schedule.ExtraOpenings ?? []).Select(Copy).ToLookup(r => r.Date);
        holidays = [.. (schedule.Holidays ?? []).Select(h => h.Date)];
    }

    /// <summary>The service's time zone.</summary>
    public TimeZoneInfo TimeZone => Rules.Zone;

    /// <summary>The zone's rules, for converting between instants and the service's wall-clock times.</summary>
    public TimeZoneRules Rules { get; }

    /// <summary>True when <paramref name="instant"/> lies inside an opening (start inclusive, end exclusive).</summary>
    public bool IsOpen(DateTimeOffset instant) => OpenFor(instant) is not null;

    /// <summary>
    /// How long the service stays open from <paramref name="instant"/> until it next closes (touching
    /// ranges across midnight count as one opening), at most <see cref="OpenForLimit"/>; null when closed.
    /// </summary>
    public TimeSpan? OpenFor(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        foreach (var (start, end) in Openings(date.AddDays(-1), date.AddDays(OpenForLimit.Days + 1)))
        {
            if (end <= instant)
            {
                continue;
            }

            if (start > instant)
            {
                return null;
            }

            var left = end - instant;
            return left < OpenForLimit ? left : OpenForLimit;
        }

        return null;
    }

    /// <summary>
    /// The first instant (in UTC) at or after <paramref name="from"/> at which the service is open:
    /// <paramref name="from"/> itself when already open; null when it does not open within
    /// <paramref name="searchLimit"/> (zero to <see cref="SearchLimitMaximum"/>).
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset from, TimeSpan searchLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(searchLimit, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(searchLimit, SearchLimitMaximum);

        var until = from + searchLimit;
        foreach (var (start, end) in Openings(LocalDate(from).AddDays(-1), LocalDate(until).AddDays(1)))
        {
            if (end <= from)
            {
                continue;
            }

            var opening = start > from ? start : from;
            return opening <= until ? opening.ToUniversalTime() : null;
        }

        return null;
    }

    /// <summary>
    /// The openings between <paramref name="from"/> and <paramref name="to"/> in UTC, in order, cut to
    /// that window; touching and overlapping ranges are merged into one interval (end exclusive).
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> OpenIntervals(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            yield break;
        }

        foreach (var (start, end) in Openings(LocalDate(from).AddDays(-1), LocalDate(to).AddDays(1)))
        {
            if (end <= from)
            {
                continue;
            }

            if (start >= to)
            {
                yield break;
            }

            yield return ((start > from ? start : from).ToUniversalTime(), (end < to ? end : to).ToUniversalTime());
        }
    }

    /// <summary>Merged openings from the ranges of the local dates <paramref name="first"/> to <paramref name="last"/>.</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Openings(DateOnly first, DateOnly last)
    {
        (DateTimeOffset Start, DateTimeOffset End)? pending = null;
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            // A later date's ranges never start before an earlier date's, so merging stays in order.
            foreach (var next in RangesOn(date))
            {
                if (pending is { } current && next.Start <= current.End)
                {
                    pending = (current.Start, next.End > current.End ? next.End : current.End);
                    continue;
                }

                if (pending is { } finished)
                {
                    yield return finished;
                }

                pending = next;
            }
        }

        if (pending is { } lastOpening)
        {
            yield return lastOpening;
        }
    }

    /// <summary>The date's ranges as instants, sorted by start: weekly (unless a holiday) plus extra openings.</summary>
    private List<(DateTimeOffset Start, DateTimeOffset End)> RangesOn(DateOnly date)
    {
        IEnumerable<(TimeOnly Start, TimeOnly End)> wallClockRanges = extraOpenings[date].Select(r => (r.Start, r.End));
        if (!holidays.Contains(date))
        {
            wallClockRanges = wallClockRanges.Concat(weekly[date.DayOfWeek].Select(r => (r.Start, r.End)));
        }

        var ranges = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var (start, end) in wallClockRanges)
        {
            if (end != TimeOnly.MinValue && end <= start)
            {
                continue;
            }

            var startInstant = Rules.ToInstant(date.ToDateTime(start));
            var endInstant = Rules.ToInstant(end == TimeOnly.MinValue
                ? date.AddDays(1).ToDateTime(TimeOnly.MinValue)
                : date.ToDateTime(end));

            // A range lying wholly inside a spring-forward gap never happens.
            if (endInstant > startInstant)
            {
                ranges.Add((startInstant, endInstant));
            }
        }

        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        return ranges;
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(Rules.ToLocal(instant));

    private static WeeklyRange Copy(WeeklyRange r) => new(r.Day, r.Start, r.End);

    private static DatedRange Copy(DatedRange r) => new(r.Date, r.Start, r.End);
}
