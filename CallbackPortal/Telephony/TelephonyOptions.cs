using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Telephony;

/// <summary>
/// Settings of the <c>Telephony</c> section. With the default provider (the built-in carrier simulator)
/// the account and token are generated at start-up and the keys below them are ignored.
/// </summary>
public sealed class TelephonyOptions : IValidatableObject
{
    public const string Section = "Telephony";
    public const string SimulatorProvider = "Simulator";
    public const string TwilioProvider = "Twilio";

    [AllowedValues(SimulatorProvider, TwilioProvider, ErrorMessage = "must be Simulator or Twilio")]
    public string Provider { get; set; } = SimulatorProvider;

    /// <summary>Base of the Twilio-compatible REST API (another carrier offering the same API has its own).</summary>
    [AbsoluteHttpUrl]
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    public string AccountSid { get; set; } = "";

    /// <summary>Secret: signs webhooks and authenticates API requests. Never logged.</summary>
    public string AuthToken { get; set; } = "";

    /// <summary>Caller id used when the engine gives none.</summary>
    [RegularExpression(@"^(\+[1-9][0-9]{6,14})?$", ErrorMessage = "must be an E.164 number such as +15005550006")]
    public string CallerId { get; set; } = "";

    /// <summary>
    /// How the provider reaches this app (status callbacks, call instructions), for example
    /// <c>https://portal.example.com</c> behind a proxy. Empty: the app's own listening address.
    /// </summary>
    [AbsoluteHttpUrl(AllowEmpty = true)]
    public string PublicBaseUrl { get; set; } = "";

    [Range(5, 600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RingTimeoutSeconds { get; set; } = 30;

    [Range(1, 120, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RequestTimeoutSeconds { get; set; } = 10;

    public bool UsesSimulator => Provider == SimulatorProvider;

    /// <summary>The configured caller id; with the simulator and none configured, Twilio's documented test number.</summary>
    public string EffectiveCallerId => string.IsNullOrWhiteSpace(CallerId) && UsesSimulator ? "+15005550006" : CallerId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesSimulator)
        {
            yield break;
        }
        const string required = "is required when Telephony:Provider is Twilio";
        if (string.IsNullOrWhiteSpace(AccountSid))
        {
            yield return new ValidationResult(required, [nameof(AccountSid)]);
        }
        if (string.IsNullOrWhiteSpace(AuthToken))
        {
            yield return new ValidationResult(required, [nameof(AuthToken)]);
        }
        if (string.IsNullOrWhiteSpace(CallerId))
        {
            yield return new ValidationResult(required, [nameof(CallerId)]);
        }
    }
}

/// <summary>An absolute http or https URL (or, when allowed, nothing).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteHttpUrlAttribute : ValidationAttribute
{
    public AbsoluteHttpUrlAttribute() : base("must be an absolute http or https URL such as https://portal.example.com")
    {
    }

    public bool AllowEmpty { get; set; }

    public override bool IsValid(object? value)
    {
        var text = value as string;
        if (string.IsNullOrEmpty(text))
        {
            return AllowEmpty;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
    }
}
