namespace CallbackPortal.Rules;

/// <summary>
/// The rules that protect one service and its phone bill (DOMAIN §5), stored as JSON with
/// <c>JsonSerializerOptions.Web</c>. A property missing from stored JSON keeps its default;
/// a null list or throttle reads as empty or default, so old rows never break evaluation.
/// </summary>
public sealed partial class ServiceRules
{
    /// <summary>The types a new service allows: everything else costs extra or invites abuse.</summary>
    public static IReadOnlyList<NumberKind> DefaultAllowedNumberTypes { get; } =
        [NumberKind.FixedLine, NumberKind.Mobile, NumberKind.FixedLineOrMobile, NumberKind.TollFree, NumberKind.Voip];

    /// <summary>ISO 3166 region codes ("US", "GB") the service calls; empty means only the service's default country.</summary>
    public List<string> PermittedCountries { get; set => field = value ?? []; } = [];

    /// <summary>Number types the service calls.</summary>
    public List<NumberKind> AllowedNumberTypes { get; set => field = value ?? []; } = [.. DefaultAllowedNumberTypes];

    /// <summary>Ranges never called, checked in order; at most 200.</summary>
    public List<BlockedPattern> BlockedPatterns { get; set => field = value ?? []; } = [];

    /// <summary>Requests per number and service (default 6 per 24 h).</summary>
    public ThrottleLimit NumberThrottle { get; set => field = value ?? DefaultNumberThrottle(); } = DefaultNumberThrottle();

    /// <summary>Requests per service over several windows (default 500 per 5 min and 1,000 per hour).</summary>
    public List<ThrottleLimit> ServiceThrottles { get; set => field = value ?? []; } = [new(500, 300), new(1_000, 3_600)];

    /// <summary>An optional throttle per value of a request field or header; none by default.</summary>
    public KeyedThrottle? KeyedThrottle { get; set; }

    /// <summary>How many open callbacks a number may have in the service (default at most 2).</summary>
    public DuplicateCheck DuplicateCheck { get; set; } = DuplicateCheck.Normal;

    private static ThrottleLimit DefaultNumberThrottle() => new(6, 86_400);
}
