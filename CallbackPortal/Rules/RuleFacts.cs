using CallbackPortal.Services;

namespace CallbackPortal.Rules;

/// <summary>How full one throttle window is.</summary>
/// <param name="Limit">The throttle; a limit of 0 is off.</param>
/// <param name="Count">Requests already accepted in the window ending now; a request passes while <c>Count &lt; Limit</c>.</param>
/// <param name="OldestInWindow">When the oldest of those requests was accepted, for Retry-After; null when unknown.</param>
public sealed record ThrottleFact(ThrottleLimit Limit, int Count, DateTimeOffset? OldestInWindow);

/// <summary>
/// Everything <see cref="RuleEvaluator.Evaluate"/> needs to decide a create request, read from the
/// database inside the write transaction that then stores the callback, so counts cannot race.
/// </summary>
public sealed record RuleFacts
{
    /// <summary>The verdict of <see cref="RuleEvaluator.CheckNumber"/> on the requested number.</summary>
    public required NumberCheck Number { get; init; }

    /// <summary>The service's rules (duplicate check and the keyed throttle's name are read from here).</summary>
    public required ServiceRules Rules { get; init; }

    /// <summary>True for an ASAP request, false for a scheduled one.</summary>
    public required bool Immediate { get; init; }

    /// <summary>Whether the service is within office hours now (read for immediate requests).</summary>
    public required bool OpenNow { get; init; }

    /// <summary>The service refuses ASAP requests while closed (DOMAIN §4 default: on).</summary>
    public required bool RejectImmediateOutsideHours { get; init; }

    /// <summary>Callbacks queued in the service now (read for immediate requests).</summary>
    public required int QueuedCount { get; init; }

    /// <summary>The service's watermark: immediate requests are refused once this many are queued.</summary>
    public required int MaxQueued { get; init; }

    /// <summary>Open (not completed) callbacks of this number in this service.</summary>
    public required int OpenForNumber { get; init; }

    /// <summary>The per-number throttle window.</summary>
    public required ThrottleFact NumberWindow { get; init; }

    /// <summary>One fact per service throttle, in the order of <see cref="ServiceRules.ServiceThrottles"/>.</summary>
    public required IReadOnlyList<ThrottleFact> ServiceWindows { get; init; }

    /// <summary>The keyed throttle's window for this request's key; null when the service has none or the request carries no key.</summary>
    public ThrottleFact? KeyedWindow { get; init; }

    /// <summary>The slot calendar's decision about the desired time; required for scheduled requests, ignored for immediate ones.</summary>
    public SlotVerdict? Slot { get; init; }

    /// <summary>The instant of the decision (from the one <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Now { get; init; }
}
