using System.Text.Json.Serialization;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>Which CAPTCHA a service asks consumers to solve. Serialised by name ("ProofOfWork"), never by number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaptchaProvider>))]
public enum CaptchaProvider
{
    /// <summary>No CAPTCHA: every request passes this check.</summary>
    Off,
    /// <summary>The built-in, ALTCHA-compatible proof of work: no third party, no cookies.</summary>
    ProofOfWork,
    /// <summary>Google reCAPTCHA v2 (checkbox or invisible), verified with siteverify.</summary>
    ReCaptchaV2,
    /// <summary>Google reCAPTCHA v3 (score based), verified with siteverify, a minimum score and optionally an action.</summary>
    ReCaptchaV3,
    HCaptcha,
    /// <summary>Cloudflare Turnstile.</summary>
    Turnstile,
}

public static class CaptchaProviders
{
    /// <summary>True for the providers whose tokens only the provider itself can verify (they need a site key and a secret).</summary>
    public static bool IsThirdParty(this CaptchaProvider provider) =>
        provider is CaptchaProvider.ReCaptchaV2 or CaptchaProvider.ReCaptchaV3 or CaptchaProvider.HCaptcha or CaptchaProvider.Turnstile;
}
