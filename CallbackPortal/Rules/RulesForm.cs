namespace CallbackPortal.Rules;

/// <summary>A country the number rule can permit, with its English name.</summary>
public sealed record CountryChoice(string Code, string Name);

/// <summary>What "test a number" found: the evaluator's verdict, or why the test could not run.</summary>
public sealed record NumberTestResult(RuleVerdict? Verdict, string? Problem);

/// <summary>One service's rules as the rules page edits them (a copy: nothing is stored until saved).</summary>
public sealed class RulesForm
{
    public Guid ServiceId { get; init; }
    public string ServiceKey { get; init; } = "";
    public string ServiceName { get; init; } = "";
    public string DefaultCountry { get; init; } = "";

    /// <summary>The service's version when the form was read: a save over a newer one is refused.</summary>
    public int Version { get; init; }

    public ServiceRules Rules { get; set; } = new();

    /// <summary>Whether the keyed throttle is on; <see cref="Keyed"/> keeps its fields while it is off.</summary>
    public bool KeyedThrottleOn { get; set; }

    public KeyedThrottle Keyed { get; set; } = new() { Source = ThrottleKeySource.Header, Name = "", Limit = 10, WindowSeconds = 3_600 };

    /// <summary>The watermark: the service stops taking ASAP callbacks once this many are queued.</summary>
    public int MaxQueued { get; set; }
}
