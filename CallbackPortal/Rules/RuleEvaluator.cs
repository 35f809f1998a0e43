using PhoneNumbers;
using static CallbackPortal.Rules.RuleText;

namespace CallbackPortal.Rules;

/// <summary>
/// The rules of DOMAIN §5 as pure functions: the same input gives the same verdict, with no
/// database, clock or shared mutable state (only a cache of parsed regular expressions), so it is
/// safe from any thread. Used on create, right before every dial, and by "test a number".
/// </summary>
public static partial class RuleEvaluator
{
    /// <summary>Longer input is refused before parsing: no real number, even formatted, needs more.</summary>
    public const int MaxInputLength = 40;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Parses <paramref name="input"/> (national formats in <paramref name="defaultCountry"/>, or international ones)
    /// and applies, in order: validity, number type, permitted countries, blocked patterns.
    /// </summary>
    public static NumberCheck CheckNumber(string? input, string defaultCountry, ServiceRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var home = (defaultCountry ?? "").Trim().ToUpperInvariant();
        if (string.IsNullOrWhiteSpace(input))
        {
            return Unparsed("empty", "Refused by number validity: no phone number was given.");
        }
        if (input.Length > MaxInputLength)
        {
            return Unparsed("too long", Invariant($"Refused by number validity: the input is {input.Length} characters long, more than the {MaxInputLength} a phone number may have."));
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(input, home);
        }
        catch (NumberParseException e)
        {
            var reason = Describe(e.ErrorType);
            return Unparsed(reason, $"Refused by number validity: the input is not a phone number ({reason}).");
        }

        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        var masked = Mask(e164);
        var plan = Invariant($"+{number.CountryCode} ({Util.GetRegionCodeForCountryCode(number.CountryCode)})");
        if (!Util.IsPossibleNumber(number))
        {
            var reason = Describe(Util.IsPossibleNumberWithReason(number));
            return Invalid("number-not-possible", reason, $"Refused by number validity: {masked} is {reason} for a number of {plan}.");
        }
        if (!Util.IsValidNumber(number))
        {
            return Invalid("invalid-phone-number", "not in plan", $"Refused by number validity: {masked} is not in the numbering plan of {plan}.");
        }

        var kind = NumberKinds.From(Util.GetNumberType(number));
        var region = Util.GetRegionCodeForNumber(number);
        var checks = new List<RuleCheck> { new(RuleNames.NumberValidity, true, $"Number validity: {masked} is a valid number of {plan}.") };
        var verdict = NumberType(kind, masked, rules, checks)
            ?? PermittedCountries(region, home, masked, rules, checks)
            ?? BlockedPatterns(e164, masked, rules, checks)
            ?? RuleVerdict.Allow(checks);
        return new NumberCheck(e164, region, kind, verdict);

        NumberCheck Invalid(string code, string value, string explanation) =>
            new(e164, Util.GetRegionCodeForNumber(number) ?? Util.GetRegionCodeForCountryCode(number.CountryCode), NumberKind.Unknown,
                RuleVerdict.Refuse(code, RuleNames.NumberValidity, value, explanation, []));
    }

    /// <summary>
    /// A number as logs may show it: the country code and the last 4 digits, the rest as five dots
    /// whatever its length ("+44•••••5678"). Numbers of 6 national digits or fewer keep no digits.
    /// </summary>
    public static string Mask(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        try
        {
            var number = Util.Parse(e164, "ZZ");
            return Invariant($"+{number.CountryCode}•••••{LastDigits(Util.GetNationalSignificantNumber(number))}");
        }
        catch (NumberParseException)
        {
            return "•••••" + LastDigits(new string([.. e164.Where(char.IsAsciiDigit)]));
        }
    }

    private static string LastDigits(string digits) => digits.Length > 6 ? digits[^4..] : "";

    private static NumberCheck Unparsed(string value, string explanation) =>
        new(null, null, NumberKind.Unknown, RuleVerdict.Refuse("invalid-phone-number", RuleNames.NumberValidity, value, explanation, []));

    private static RuleVerdict? NumberType(NumberKind kind, string masked, ServiceRules rules, List<RuleCheck> checks)
    {
        var described = NumberKinds.WithArticle(kind);
        if (!rules.AllowedNumberTypes.Contains(kind))
        {
            return RuleVerdict.Refuse("number-not-allowed", RuleNames.NumberType, kind.ToString(),
                $"Refused by number type: {masked} is {described} number, a type this service does not call.", checks);
        }
        checks.Add(new(RuleNames.NumberType, true, $"Number type: {masked} is {described} number, a type this service calls."));
        return null;
    }

    private static RuleVerdict? PermittedCountries(string? region, string home, string masked, ServiceRules rules, List<RuleCheck> checks)
    {
        var listed = rules.PermittedCountries.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        var permitted = listed.Count > 0 ? listed : [home];
        var calls = listed.Count > 0 ? string.Join(", ", permitted) : $"{home} (its default country)";
        var where = region is null or "ZZ" ? "an unknown country" : region == "001" ? "a non-geographic range (001)" : region;
        if (region is null || !permitted.Contains(region, StringComparer.Ordinal))
        {
            return RuleVerdict.Refuse("number-not-allowed", RuleNames.PermittedCountries, region,
                $"Refused by permitted countries: {masked} is a number of {where}, and this service calls only {calls}.", checks);
        }
        checks.Add(new(RuleNames.PermittedCountries, true, $"Permitted countries: {masked} is a number of {where}, which this service calls."));
        return null;
    }

    private static RuleVerdict? BlockedPatterns(string e164, string masked, ServiceRules rules, List<RuleCheck> checks)
    {
        var patterns = rules.BlockedPatterns.Where(p => p is not null).ToList();
        foreach (var pattern in patterns)
        {
            var outcome = PatternMatcher.Match(pattern, e164);
            if (outcome == PatternOutcome.NoMatch)
            {
                continue;
            }
            var name = string.IsNullOrWhiteSpace(pattern.Note) ? $"'{pattern.Pattern}'" : $"'{pattern.Pattern}' ({pattern.Note.Trim()})";
            var why = outcome switch
            {
                PatternOutcome.TimedOut => Invariant($"the pattern timed out after {PatternMatcher.RegexTimeout.TotalMilliseconds:0} ms on {masked}, so the number is refused to be safe"),
                PatternOutcome.Invalid => "the regular expression does not compile, so every number is refused until it is fixed",
                _ => $"{masked} matches",
            };
            return RuleVerdict.Refuse("number-not-allowed", RuleNames.BlockedPattern, pattern.Pattern, $"Refused by blocked pattern {name}: {why}.", checks);
        }
        checks.Add(new(RuleNames.BlockedPattern, true, patterns.Count == 0
            ? "Blocked patterns: none are set."
            : Invariant($"Blocked patterns: {masked} matches no blocked pattern ({patterns.Count} checked).")));
        return null;
    }

    private static string Describe(ErrorType error) => error switch
    {
        ErrorType.INVALID_COUNTRY_CODE => "unknown country code",
        ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN => "too short",
        ErrorType.TOO_LONG => "too long",
        _ => "not a number",
    };

    private static string Describe(PhoneNumberUtil.ValidationResult reason) => reason switch
    {
        PhoneNumberUtil.ValidationResult.TOO_SHORT => "too short",
        PhoneNumberUtil.ValidationResult.TOO_LONG => "too long",
        PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => "of an unknown country code",
        _ => "of an impossible length",
    };
}
