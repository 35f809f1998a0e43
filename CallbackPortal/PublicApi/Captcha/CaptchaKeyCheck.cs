using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>What the "test" button found: whether the provider took the stored secret, in words.</summary>
public sealed record CaptchaKeyCheckResult(bool Passed, string Message);

/// <summary>
/// The CAPTCHA page's "test" button. A provider's siteverify API can check a secret without a real token: sent a
/// placeholder token with the stored secret, it refuses the token (<c>invalid-input-response</c>) when the secret is
/// good, and names the secret (<c>invalid-input-secret</c>, hCaptcha's <c>sitekey-secret-mismatch</c>) when it is not.
/// Transient, like the typed HTTP client it holds.
/// </summary>
public sealed class CaptchaKeyCheck(IDbContextFactory<AppDbContext> dbFactory, SecretProtector secrets, SiteVerifyClient siteVerify, IOptions<CaptchaOptions> options)
{
    public const string PlaceholderToken = "callbackportal-key-check";

    private static readonly string[] SecretRefusals = ["missing-input-secret", "invalid-input-secret", "sitekey-secret-mismatch", "invalid-sitekey"];

    public async Task<CaptchaKeyCheckResult> CheckAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Features.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).Where(s => s.Id == serviceId).Select(s => s.Captcha).SingleOrDefaultAsync(ct);
        if (settings is null)
        {
            return new(false, Services.ServiceEdits.NoLongerExists);
        }
        if (!settings.Provider.IsThirdParty())
        {
            return new(true, settings.Provider == CaptchaProvider.Off
                ? "CAPTCHA is off for this service: there is nothing to test."
                : "The built-in proof-of-work needs no keys and no provider: there is nothing to test.");
        }
        if (settings.SecretProtected is null)
        {
            return new(false, "Save a secret key first.");
        }
        if (secrets.Unprotect(settings.SecretProtected) is not { } secret)
        {
            return new(false, "The stored secret key cannot be read (the installation's keys changed): enter it again.");
        }
        var answer = await siteVerify.VerifyAsync(options.Value.VerifyUrlFor(settings.Provider), secret,
            PlaceholderToken, null, settings.SiteKey, ct);
        if (answer.Response is not { } response)
        {
            return new(false, $"{settings.Provider} could not be asked: {answer.Unreachable}.");
        }
        var codes = response.ErrorCodes ?? [];
        var said = codes.Count == 0 ? "" : $" ({string.Join(", ", codes)})";
        if (codes.Any(c => SecretRefusals.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            return new(false, $"{settings.Provider} refused the keys{said}. Check the secret key and the site key.");
        }
        return response.Success == true
            ? new(false, $"{settings.Provider} accepted a placeholder token: this looks like a test key that passes everything, not a production key.")
            : new(true, $"{settings.Provider} accepted the secret key; it refused the placeholder token as it should{said}.");
    }
}
