namespace CallbackPortal.Services;

/// <summary>
/// Converts between instants and the wall-clock (local) times of one time zone, applying its
/// daylight-saving rules the way office hours need them.
/// </summary>
/// <remarks>
/// One rule covers every case: a wall-clock time stands for the first instant at which the clock
/// shows that time or later. A time inside a spring-forward gap (it never appears on the clock)
/// therefore becomes the first instant after the gap, and a time repeated by a fall-back becomes its
/// first occurrence.
/// </remarks>
public sealed class TimeZoneRules
{
    // Offsets in use lie within -12:00..+14:00, so the instant that shows a given wall-clock time
    // lies within this window around that time read as UTC.
    private static readonly TimeSpan searchBefore = TimeSpan.FromHours(15);
    private static readonly TimeSpan searchAfter = TimeSpan.FromHours(13);

    public TimeZoneRules(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The wall-clock time at <paramref name="instant"/> (kind Unspecified).</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>
    /// The first instant (in UTC) at which the clock shows <paramref name="localTime"/> or later:
    /// after a gap for a time that does not exist, the first occurrence for a repeated time.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime localTime)
    {
        var local = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return EndOfGap(local);
        }

        // The earliest instant for a repeated time is the one with the larger offset.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// Every instant (in UTC, ascending) at which the clock shows exactly <paramref name="localTime"/>:
    /// none inside a gap, two for a time repeated by a fall-back, otherwise one.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> Occurrences(DateTime localTime)
    {
        var local = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return [];
        }

        if (Zone.IsAmbiguousTime(local))
        {
            return [.. Zone.GetAmbiguousTimeOffsets(local).Select(o => new DateTimeOffset(local, o).ToUniversalTime()).Order()];
        }

        return [new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime()];
    }

    /// <summary>
    /// The first instant strictly between <paramref name="after"/> and <paramref name="before"/> at which
    /// the zone's offset changes, or null when it does not change in between.
    /// </summary>
    public DateTimeOffset? FirstOffsetChange(DateTimeOffset after, DateTimeOffset before)
    {
        if (before.UtcTicks - after.UtcTicks < 2)
        {
            return null;
        }

        var initial = Zone.GetUtcOffset(after);
        var last = new DateTimeOffset(before.UtcTicks - 1, TimeSpan.Zero);
        if (Zone.GetUtcOffset(last) == initial)
        {
            return null;
        }

        return FirstInstantWhere(after.UtcTicks, last.UtcTicks, u => Zone.GetUtcOffset(u) != initial);
    }

    private DateTimeOffset EndOfGap(DateTime local)
    {
        var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        return FirstInstantWhere(
            (asUtc - searchBefore).Ticks,
            (asUtc + searchAfter).Ticks,
            u => TimeZoneInfo.ConvertTime(u, Zone).DateTime >= local);
    }

    /// <summary>Binary search for the first instant in (<paramref name="falseAt"/>, <paramref name="trueAt"/>] that satisfies a condition that flips once.</summary>
    private static DateTimeOffset FirstInstantWhere(long falseAt, long trueAt, Func<DateTimeOffset, bool> condition)
    {
        while (trueAt - falseAt > 1)
        {
            var middle = falseAt + ((trueAt - falseAt) / 2);
            if (condition(new DateTimeOffset(middle, TimeSpan.Zero)))
            {
                trueAt = middle;
            }
            else
            {
                falseAt = middle;
            }
        }

        return new DateTimeOffset(trueAt, TimeSpan.Zero);
    }
}
