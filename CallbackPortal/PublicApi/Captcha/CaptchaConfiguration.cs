using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>A service to pick on a settings page.</summary>
public sealed record ServiceChoice(Guid ServiceId, string Key, string Name);

/// <summary>The CAPTCHA form of one service as the page edits it; the secret is never in it, only whether one is set and its masked tail.</summary>
public sealed class CaptchaForm
{
    public CaptchaProvider Provider { get; set; }
    public string? SiteKey { get; set; }
    public string? SecretMask { get; set; }
    public double MinScore { get; set; }
    public string? ExpectedAction { get; set; }
    public int ProofOfWorkMaxNumber { get; set; }
    public int ChallengeLifetimeSeconds { get; set; }
    /// <summary>The service's version when the form was read; a save after someone else's is refused.</summary>
    public int Version { get; set; }
}

/// <summary>
/// The CAPTCHA settings page's logic: read a service's settings for editing (secret masked), and save them with a new
/// secret when one is typed (protected with Data Protection, never shown again) or the stored one kept otherwise.
/// </summary>
public sealed class CaptchaConfiguration(IDbContextFactory<AppDbContext> dbFactory, SecretProtector secrets, AuditLog audit)
{
    public Task<IReadOnlyList<ServiceChoice>> ServicesAsync(PortalActor actor, CancellationToken ct) => dbFactory.ServiceChoicesAsync(actor, ct);

    public async Task<CaptchaForm?> LoadAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).Where(s => s.Id == serviceId)
            .Select(s => new { s.Captcha, s.Version }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var settings = row.Captcha;
        return new CaptchaForm
        {
            Version = row.Version,
            Provider = settings.Provider,
            SiteKey = settings.SiteKey,
            SecretMask = settings.SecretProtected is null ? null : SecretProtector.Mask(secrets.Unprotect(settings.SecretProtected)),
            MinScore = settings.MinScore,
            ExpectedAction = settings.ExpectedAction,
            ProofOfWorkMaxNumber = settings.ProofOfWorkMaxNumber,
            ChallengeLifetimeSeconds = settings.ChallengeLifetimeSeconds,
        };
    }

    /// <summary>Saves; returns what to fix by field (empty when saved).</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> SaveAsync(PortalActor actor, Guid serviceId, CaptchaForm form, string? newSecret, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Features.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = actor.Scope.Includes(serviceId) ? await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == serviceId, ct) : null;
        if (service is null)
        {
            return new Dictionary<string, string[]> { [""] = [ServiceEdits.NoLongerExists] };
        }
        var settings = new CaptchaSettings
        {
            Provider = form.Provider,
            SiteKey = string.IsNullOrWhiteSpace(form.SiteKey) ? null : form.SiteKey.Trim(),
            SecretProtected = string.IsNullOrWhiteSpace(newSecret) ? service.Captcha.SecretProtected : secrets.Protect(newSecret.Trim()),
            MinScore = form.MinScore,
            ExpectedAction = string.IsNullOrWhiteSpace(form.ExpectedAction) ? null : form.ExpectedAction.Trim(),
            ProofOfWorkMaxNumber = form.ProofOfWorkMaxNumber,
            ChallengeLifetimeSeconds = form.ChallengeLifetimeSeconds,
        };
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        audit.Record(db, actor, AuditAreas.Features, AuditActions.Updated, service.Key, new { Captcha = service.Captcha }, new { Captcha = settings }, service.Id);
        service.Captcha = settings;
        return await ServiceEdits.TrySaveAsync(db, service, form.Version, ct) ? errors : new Dictionary<string, string[]> { [""] = [ServiceEdits.ChangedMeanwhile] };
    }
}
