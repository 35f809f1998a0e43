namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// The verdict on a request's CAPTCHA. <paramref name="Code"/> is null when it passed, otherwise one of the stable
/// consumer error codes (DOMAIN.md §7); <paramref name="Detail"/> says why, in words a consumer or a diagnostics page can show.
/// </summary>
public sealed record CaptchaResult(bool Passed, string? Code, string Detail)
{
    /// <summary>No token was sent although the service asks for a CAPTCHA.</summary>
    public const string RequiredCode = "captcha-required";

    /// <summary>A token was sent and refused: wrong, expired, already used, a low score, or the provider could not be asked.</summary>
    public const string InvalidCode = "captcha-invalid";

    public static CaptchaResult Pass(string detail) => new(true, null, detail);

    public static CaptchaResult Required(string detail) => new(false, RequiredCode, detail);

    public static CaptchaResult Invalid(string detail) => new(false, InvalidCode, detail);
}
