using PhoneNumbers;
using static CallbackPortal.Rules.RuleText;

namespace CallbackPortal.Rules;

public sealed partial class ServiceRules
{
    /// <summary>At most this many blocked patterns per service, so every number check stays cheap.</summary>
    public const int MaxBlockedPatterns = 200;

    /// <summary>The longest pattern accepted.</summary>
    public const int MaxPatternLength = 200;

    /// <summary>The longest throttle window: 30 days.</summary>
    public const int MaxWindowSeconds = 30 * 86_400;

    private static readonly HashSet<string> Regions = [.. PhoneNumberUtil.GetInstance().GetSupportedRegions()];

    /// <summary>
    /// What a portal form must fix before saving, keyed by camelCase property path
    /// (<c>permittedCountries</c>, <c>blockedPatterns[2].pattern</c>, <c>numberThrottle.windowSeconds</c>); empty when fine.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message) => (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(message);

        foreach (var country in PermittedCountries.Where(c => string.IsNullOrWhiteSpace(c) || !Regions.Contains(c.Trim().ToUpperInvariant())))
        {
            Add("permittedCountries", string.IsNullOrWhiteSpace(country)
                ? "A country code is blank: remove the row or enter a code such as 'US'."
                : $"Unknown country code '{country}': use ISO 3166 codes such as 'US' or 'GB'.");
        }

        if (AllowedNumberTypes.Count == 0)
        {
            Add("allowedNumberTypes", "Allow at least one number type, or the service calls no one.");
        }
        foreach (var kind in AllowedNumberTypes.Where(k => !Enum.IsDefined(k)))
        {
            Add("allowedNumberTypes", Invariant($"Unknown number type {(int)kind}."));
        }

        if (BlockedPatterns.Count > MaxBlockedPatterns)
        {
            Add("blockedPatterns", Invariant($"{BlockedPatterns.Count} patterns are too many: at most {MaxBlockedPatterns}."));
        }
        for (var i = 0; i < BlockedPatterns.Count; i++)
        {
            foreach (var (field, message) in PatternProblems(BlockedPatterns[i]))
            {
                Add(Invariant($"blockedPatterns[{i}]{field}"), message);
            }
        }

        CheckThrottle("numberThrottle", NumberThrottle.Limit, NumberThrottle.WindowSeconds, Add);
        for (var i = 0; i < ServiceThrottles.Count; i++)
        {
            CheckThrottle(Invariant($"serviceThrottles[{i}]"), ServiceThrottles[i]?.Limit ?? 0, ServiceThrottles[i]?.WindowSeconds ?? 0, Add);
        }
        if (KeyedThrottle is { } keyed)
        {
            if (string.IsNullOrWhiteSpace(keyed.Name))
            {
                Add("keyedThrottle.name", "Name the request field or header the throttle counts by, e.g. 'userData.userId' or 'X-User-Id'.");
            }
            if (!Enum.IsDefined(keyed.Source))
            {
                Add("keyedThrottle.source", "Choose whether the key comes from a request field or a header.");
            }
            CheckThrottle("keyedThrottle", keyed.Limit, keyed.WindowSeconds, Add);
        }

        if (!Enum.IsDefined(DuplicateCheck))
        {
            Add("duplicateCheck", "Choose Normal, Strict or Off.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static IEnumerable<(string Field, string Message)> PatternProblems(BlockedPattern? pattern)
    {
        if (pattern is null)
        {
            yield return ("", "The pattern row is empty.");
            yield break;
        }
        if (!Enum.IsDefined(pattern.Kind))
        {
            yield return (".kind", "Choose Prefix, Wildcard or Regex.");
        }
        var text = pattern.Pattern ?? "";
        if (text.Length > MaxPatternLength)
        {
            yield return (".pattern", Invariant($"The pattern is {text.Length} characters long: at most {MaxPatternLength}."));
            yield break;
        }
        if (pattern.Kind == PatternKind.Regex)
        {
            if (text.Length == 0)
            {
                yield return (".pattern", "Enter a regular expression.");
            }
            else if (PatternMatcher.CompileError(text) is { } error)
            {
                yield return (".pattern", $"This is not a valid regular expression: {error}");
            }
            yield break;
        }

        var glob = PatternMatcher.Normalise(text);
        if (glob.Length == 0)
        {
            yield return (".pattern", "Enter a pattern such as '+1900' or '+44 70*'.");
        }
        else if (glob.Any(c => c is not ('+' or '*' or '?') && !char.IsAsciiDigit(c)))
        {
            yield return (".pattern", "Use only digits, '+', '*' and '?' (spaces and dashes are ignored).");
        }
        else if (glob.LastIndexOf('+') > 0)
        {
            yield return (".pattern", "'+' can only come first: numbers are matched in E.164 form, such as +447012345678.");
        }
        else if (pattern.Kind == PatternKind.Prefix && glob[0] != '+')
        {
            yield return (".pattern", "Start a prefix with '+' and the country code, such as '+4470': numbers are matched in E.164 form.");
        }
        else if (char.IsAsciiDigit(glob[0]))
        {
            yield return (".pattern", "Start the pattern with '+', '*' or '?': numbers are matched in E.164 form, such as +447012345678.");
        }
    }

    private static void CheckThrottle(string path, int limit, int windowSeconds, Action<string, string> add)
    {
        if (limit < 0)
        {
            add(path + ".limit", "The limit cannot be negative: use 0 to turn the throttle off.");
        }
        if (windowSeconds is < 1 or > MaxWindowSeconds)
        {
            add(path + ".windowSeconds", Invariant($"The window must be between 1 second and 30 days ({MaxWindowSeconds:N0} seconds)."));
        }
    }
}
