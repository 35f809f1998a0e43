using System.ComponentModel.DataAnnotations;
using CallbackPortal.Telephony;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// Settings of the <c>Captcha</c> section: where each provider's siteverify API is (changed only to reach a proxy or a
/// test stand-in) and how long to wait for it. Site keys and secrets are per service, in <see cref="CaptchaSettings"/>.
/// </summary>
public sealed class CaptchaOptions
{
    public const string Section = "Captcha";

    [AbsoluteHttpUrl]
    public string ReCaptchaVerifyUrl { get; set; } = "https://www.google.com/recaptcha/api/siteverify";

    [AbsoluteHttpUrl]
    public string HCaptchaVerifyUrl { get; set; } = "https://api.hcaptcha.com/siteverify";

    [AbsoluteHttpUrl]
    public string TurnstileVerifyUrl { get; set; } = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

    /// <summary>A provider that has not answered by then counts as unreachable, and the request is refused.</summary>
    [Range(1, 60, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RequestTimeoutSeconds { get; set; } = 5;

    public string VerifyUrlFor(CaptchaProvider provider) => provider switch
    {
        CaptchaProvider.ReCaptchaV2 or CaptchaProvider.ReCaptchaV3 => ReCaptchaVerifyUrl,
        CaptchaProvider.HCaptcha => HCaptchaVerifyUrl,
        CaptchaProvider.Turnstile => TurnstileVerifyUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "has no siteverify API"),
    };
}
