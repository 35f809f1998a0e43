namespace CallbackPortal.Rules;

/// <summary>What <see cref="RuleEvaluator.CheckNumber"/> found out about a phone number and whether the service may call it.</summary>
/// <param name="E164">The E.164 form; null when the input is not a phone number at all.</param>
/// <param name="Region">The ISO 3166 region of the number ("001" for non-geographic ranges); null when unknown.</param>
/// <param name="Kind">The number's type; <see cref="NumberKind.Unknown"/> when it is not a valid number.</param>
/// <param name="Verdict">The decision of the number rules (validity, type, countries, blocked patterns).</param>
public sealed record NumberCheck(string? E164, string? Region, NumberKind Kind, RuleVerdict Verdict)
{
    /// <summary>True when the number rules allow calling it.</summary>
    public bool Allowed => Verdict.Allowed;

    /// <summary>The number masked for logs ("+44•••••5678"), or "(no number)" when there is none.</summary>
    public string Masked { get; } = E164 is null ? "(no number)" : RuleEvaluator.Mask(E164);
}
