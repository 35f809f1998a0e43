using System.Globalization;
using CallbackPortal.Access;
using Microsoft.Extensions.Options;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>The one place a request's CAPTCHA is judged, whatever the service's provider.</summary>
public interface ICaptchaVerifier
{
    /// <summary>
    /// Passes when the service has no CAPTCHA or the token proves one was solved for it. Otherwise
    /// <c>captcha-required</c> (no token) or <c>captcha-invalid</c> (wrong, expired, already used, a low score, or the
    /// provider could not be asked: an outage refuses, it never waves a request through).
    /// </summary>
    Task<CaptchaResult> VerifyAsync(string serviceKey, CaptchaSettings settings, string? token, string? remoteIp, CancellationToken ct);
}

public sealed class CaptchaVerifier(
    ProofOfWorkChallenges proofOfWork, SiteVerifyClient siteVerify, SecretProtector secrets,
    IOptions<CaptchaOptions> options, ILogger<CaptchaVerifier> logger) : ICaptchaVerifier
{
    /// <summary>Longer than any provider's token (Turnstile documents 2,048) or a proof-of-work payload: refused unread.</summary>
    public const int MaxTokenLength = 4_096;

    public async Task<CaptchaResult> VerifyAsync(string serviceKey, CaptchaSettings settings, string? token, string? remoteIp, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == CaptchaProvider.Off)
        {
            return CaptchaResult.Pass("This service asks for no CAPTCHA.");
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            return CaptchaResult.Required("This service asks for a CAPTCHA: solve it and send its token.");
        }
        if (token.Length > MaxTokenLength)
        {
            return CaptchaResult.Invalid(string.Create(CultureInfo.InvariantCulture, $"The CAPTCHA token is longer than {MaxTokenLength:N0} characters."));
        }
        var result = settings.Provider switch
        {
            CaptchaProvider.ProofOfWork => await proofOfWork.VerifyAsync(serviceKey, token, ct),
            _ when settings.Provider.IsThirdParty() => await AskProviderAsync(settings, token, remoteIp, ct),
            _ => CaptchaResult.Invalid($"The CAPTCHA provider '{settings.Provider}' is not known."),
        };
        if (!result.Passed)
        {
            logger.LogInformation("CAPTCHA ({Provider}) refused for service {Service}: {Detail}", settings.Provider, serviceKey, result.Detail);
        }
        return result;
    }

    private async Task<CaptchaResult> AskProviderAsync(CaptchaSettings settings, string token, string? remoteIp, CancellationToken ct)
    {
        var secret = secrets.Unprotect(settings.SecretProtected);
        if (secret is null)
        {
            return CaptchaResult.Invalid("This service's CAPTCHA secret is missing or can no longer be read: an administrator must enter it again.");
        }
        // Only hCaptcha documents checking the token against a site key sent along.
        var siteKey = settings.Provider == CaptchaProvider.HCaptcha ? settings.SiteKey : null;
        var answer = await siteVerify.VerifyAsync(options.Value.VerifyUrlFor(settings.Provider), secret, token, remoteIp, siteKey, ct);
        if (answer.Response is not { } response)
        {
            logger.LogWarning("CAPTCHA provider {Provider} could not be reached: {Reason}", settings.Provider, answer.Unreachable);
            return CaptchaResult.Invalid($"The CAPTCHA provider could not be reached ({answer.Unreachable}); please try again.");
        }
        if (response.Success != true)
        {
            var codes = response.ErrorCodes is { Count: > 0 } list ? string.Join(", ", list) : "no error code";
            return CaptchaResult.Invalid($"The CAPTCHA provider refused the token ({codes}).");
        }
        return settings.Provider == CaptchaProvider.ReCaptchaV3 ? JudgeScore(settings, response) : CaptchaResult.Pass("The CAPTCHA provider accepted the token.");
    }

    private CaptchaResult JudgeScore(CaptchaSettings settings, SiteVerifyResponse response)
    {
        if (response.Score is not { } score)
        {
            return CaptchaResult.Invalid("The CAPTCHA provider gave no score: is the service's key a reCAPTCHA v3 key?");
        }
        // reCAPTCHA documents action names as case-insensitive.
        if (!string.IsNullOrEmpty(settings.ExpectedAction) && !string.Equals(response.Action, settings.ExpectedAction, StringComparison.OrdinalIgnoreCase))
        {
            return CaptchaResult.Invalid($"The CAPTCHA was solved for another action ('{response.Action}').");
        }
        if (score < settings.MinScore)
        {
            // The threshold stays out of the detail a consumer sees: it would tell a bot what to aim for.
            logger.LogInformation("reCAPTCHA v3 score {Score} is below {MinScore} (host {Hostname})",
                score.ToString(CultureInfo.InvariantCulture), settings.MinScore.ToString(CultureInfo.InvariantCulture), response.Hostname);
            return CaptchaResult.Invalid("The CAPTCHA score is too low for this service.");
        }
        return CaptchaResult.Pass("The CAPTCHA provider accepted the token with a sufficient score.");
    }
}
