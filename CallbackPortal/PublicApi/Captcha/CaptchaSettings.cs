using System.Globalization;
using System.Text.RegularExpressions;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// A service's CAPTCHA: which provider, its keys and its thresholds. Stored with the service (as JSON); the provider's
/// secret only ever in the form <see cref="Access.SecretProtector"/> gives it.
/// </summary>
public sealed partial class CaptchaSettings
{
    public const double MinScoreFloor = 0.0;
    public const double MinScoreCeiling = 1.0;
    public const int MaxNumberFloor = 1_000;
    public const int MaxNumberCeiling = 10_000_000;
    public const int LifetimeFloorSeconds = 30;
    public const int LifetimeCeilingSeconds = 3_600;
    private const int MaxKeyLength = 256;
    private const int MaxActionLength = 100;

    /// <summary>New services ask for the built-in proof of work: it needs no account with anybody.</summary>
    public CaptchaProvider Provider { get; set; } = CaptchaProvider.ProofOfWork;

    /// <summary>The provider's public site key, handed to the widget. Required for the third-party providers.</summary>
    public string? SiteKey { get; set; }

    /// <summary>The provider's secret as <see cref="Access.SecretProtector.Protect"/> returned it; never the plain secret.</summary>
    public string? SecretProtected { get; set; }

    /// <summary>reCAPTCHA v3: the lowest score accepted (1.0 is very likely a person, 0.0 very likely a bot).</summary>
    public double MinScore { get; set; } = 0.5;

    /// <summary>reCAPTCHA v3, optional: the action the page passes to <c>grecaptcha.execute</c>; another action is refused.</summary>
    public string? ExpectedAction { get; set; }

    /// <summary>Proof of work: the largest secret number, so the most hashes a browser may need (about half on average).</summary>
    public int ProofOfWorkMaxNumber { get; set; } = 100_000;

    /// <summary>Proof of work: how long a challenge may be solved and used.</summary>
    public int ChallengeLifetimeSeconds { get; set; } = 300;

    /// <summary>What an administrator must fix, by property name; empty when the settings can be used.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        if (!Enum.IsDefined(Provider))
        {
            Add(nameof(Provider), $"Unknown CAPTCHA provider '{Provider}'.");
        }
        if (Provider.IsThirdParty())
        {
            if (string.IsNullOrWhiteSpace(SiteKey))
            {
                Add(nameof(SiteKey), $"{Provider} needs the site key from the provider's console.");
            }
            if (string.IsNullOrWhiteSpace(SecretProtected))
            {
                Add(nameof(SecretProtected), $"{Provider} needs the secret key from the provider's console.");
            }
        }
        if (SiteKey?.Length > MaxKeyLength)
        {
            Add(nameof(SiteKey), $"The site key may have at most {MaxKeyLength} characters.");
        }
        if (double.IsNaN(MinScore) || MinScore < MinScoreFloor || MinScore > MinScoreCeiling)
        {
            Add(nameof(MinScore), "The minimum score must be between 0.0 and 1.0.");
        }
        // reCAPTCHA documents action names as letters, digits, slashes and underscores.
        if (!string.IsNullOrEmpty(ExpectedAction) && (ExpectedAction.Length > MaxActionLength || !ActionName().IsMatch(ExpectedAction)))
        {
            Add(nameof(ExpectedAction), $"The action may only contain letters, digits, '/' and '_' (at most {MaxActionLength} characters).");
        }
        if (ProofOfWorkMaxNumber is < MaxNumberFloor or > MaxNumberCeiling)
        {
            Add(nameof(ProofOfWorkMaxNumber), $"The proof-of-work difficulty must be between {Format(MaxNumberFloor)} and {Format(MaxNumberCeiling)}.");
        }
        if (ChallengeLifetimeSeconds is < LifetimeFloorSeconds or > LifetimeCeilingSeconds)
        {
            Add(nameof(ChallengeLifetimeSeconds), $"A challenge must live between {LifetimeFloorSeconds} and {Format(LifetimeCeilingSeconds)} seconds.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static string Format(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9/_]+$")]
    private static partial Regex ActionName();
}
