namespace CallbackPortal.Services;

/// <summary>One bookable time slot of a service.</summary>
/// <param name="UtcStart">The instant the slot starts, in UTC; the key bookings are counted under.</param>
/// <param name="LocalStart">The service's wall-clock time at that instant (after a spring-forward gap, the end of the gap).</param>
/// <param name="Total">The slot's capacity.</param>
/// <param name="Free">Capacity left after the callbacks already booked in it (never negative).</param>
public sealed record Slot(DateTimeOffset UtcStart, DateTime LocalStart, int Total, int Free);

/// <summary>What <see cref="SlotCalendar.Check"/> decided about a desired callback time.</summary>
public enum SlotOutcome
{
    /// <summary>The time can be booked.</summary>
    Ok,

    /// <summary>The time has passed.</summary>
    InPast,

    /// <summary>The time lies beyond the schedule horizon (API code <c>outside-horizon</c>).</summary>
    OutsideHorizon,

    /// <summary>The time is not inside a slot that lies wholly in office hours (API code <c>office-closed</c>).</summary>
    Closed,

    /// <summary>The slot's capacity is used up (API code <c>slot-full</c>).</summary>
    Full,
}

/// <summary>A decision about a desired callback time, the slot it falls in, and why.</summary>
/// <param name="Outcome">The decision.</param>
/// <param name="SlotStart">Start (UTC) of the slot that contains the desired time.</param>
/// <param name="Explanation">One sentence for logs and supervisors, naming the slot in the service's local time.</param>
public sealed record SlotVerdict(SlotOutcome Outcome, DateTimeOffset SlotStart, string Explanation)
{
    /// <summary>True when the time can be booked.</summary>
    public bool IsOk => Outcome == SlotOutcome.Ok;
}
