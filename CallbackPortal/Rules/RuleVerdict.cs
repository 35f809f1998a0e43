namespace CallbackPortal.Rules;

/// <summary>One rule as it was evaluated, for the trace a "test a number" tool shows.</summary>
/// <param name="Rule">The stable rule name (see <see cref="RuleNames"/>).</param>
/// <param name="Passed">False for the rule that refused.</param>
/// <param name="Explanation">One sentence: the rule, the value it judged, and the outcome.</param>
public sealed record RuleCheck(string Rule, bool Passed, string Explanation);

/// <summary>The decision of the rules about a number or a request, why, and every rule evaluated on the way.</summary>
public sealed record RuleVerdict
{
    /// <summary>True when every rule passed.</summary>
    public required bool Allowed { get; init; }

    /// <summary>The DOMAIN §7 error code (<c>number-not-allowed</c>, <c>too-many-requests</c>, …); null when allowed.</summary>
    public string? Code { get; init; }

    /// <summary>The stable name of the refusing rule (see <see cref="RuleNames"/>); null when allowed.</summary>
    public string? Rule { get; init; }

    /// <summary>The value the refusing rule judged ("PremiumRate", "GB", "+4470*", "6 of 6 in 24 h"), never a whole phone number.</summary>
    public string? Value { get; init; }

    /// <summary>One plain sentence for supervisors and the error log: which rule, which value, why. Numbers in it are masked.</summary>
    public required string Explanation { get; init; }

    /// <summary>For <c>too-many-requests</c>: when the throttle lets the next request through (whole seconds, at least 1 s).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <c>validation-failed</c>: messages per request field (camelCase).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Every rule evaluated, in order; evaluation stops at the first refusal, which is last.</summary>
    public IReadOnlyList<RuleCheck> Checks { get; init; } = [];

    /// <summary>An allowing verdict over the rules that passed.</summary>
    public static RuleVerdict Allow(IReadOnlyList<RuleCheck> passed) => new()
    {
        Allowed = true,
        Explanation = $"Allowed: all {passed.Count} rule checks passed.",
        Checks = passed,
    };

    /// <summary>A refusal by <paramref name="rule"/>, appended to the trace of the rules that passed before it.</summary>
    public static RuleVerdict Refuse(
        string code,
        string rule,
        string? value,
        string explanation,
        IEnumerable<RuleCheck> passed,
        TimeSpan? retryAfter = null,
        IReadOnlyDictionary<string, string[]>? errors = null) => new()
        {
            Allowed = false,
            Code = code,
            Rule = rule,
            Value = value,
            Explanation = explanation,
            RetryAfter = retryAfter,
            Errors = errors,
            Checks = [.. passed, new RuleCheck(rule, false, explanation)],
        };
}

/// <summary>The stable names of the rules, as verdicts, traces and reports carry them.</summary>
public static class RuleNames
{
    public const string NumberValidity = "number-validity";
    public const string NumberType = "number-type";
    public const string PermittedCountries = "permitted-countries";
    public const string BlockedPattern = "blocked-pattern";
    public const string KeyedThrottle = "keyed-throttle";
    public const string NumberThrottle = "number-throttle";
    public const string ServiceThrottle = "service-throttle";
    public const string DuplicateInQueue = "duplicate-in-queue";
    public const string OfficeHours = "office-hours";
    public const string Watermark = "watermark";
    public const string SlotCapacity = "slot-capacity";
    public const string Horizon = "horizon";
    public const string DesiredTime = "desired-time";
}
