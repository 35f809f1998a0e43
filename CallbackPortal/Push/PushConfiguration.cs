using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Push;

/// <summary>A key pair generated on the page and not saved yet; the private half is protected from the start.</summary>
public sealed record PendingVapidKeys(string PublicKey, string PrivateKeyProtected);

/// <summary>A service's push settings as the page edits them. No private key is ever in it in plain form, only whether one is set.</summary>
public sealed class PushForm
{
    /// <summary>The field the pasted service-account JSON is reported under.</summary>
    public const string FcmJsonField = "FcmServiceAccountJson";

    public int Version { get; set; }
    public bool WebPushEnabled { get; set; }
    public string? VapidSubject { get; set; }
    public string? VapidPublicKey { get; set; }
    public bool HasStoredVapidKeys { get; set; }
    public PendingVapidKeys? NewVapidKeys { get; set; }
    public bool FcmEnabled { get; set; }
    public string? FcmProjectId { get; set; }
    public string? FcmClientEmail { get; set; }
    public string? FcmTokenUri { get; set; }
    public string? FcmPrivateKeyId { get; set; }
    public bool HasFcmPrivateKey { get; set; }
}

/// <summary>
/// The push settings page's logic: generate VAPID keys, take a Firebase service account, test both, and save with a
/// version check and an audit entry. Private keys are stored protected and never leave this class in plain form.
/// </summary>
public sealed class PushConfiguration(IDbContextFactory<AppDbContext> dbFactory, SecretProtector secrets, AuditLog audit, FcmTokenClient fcm, TimeProvider clock)
{
    /// <summary>The test token's audience: Chrome's push service (any push service origin would do; nothing is sent).</summary>
    private const string TestAudience = "https://fcm.googleapis.com";

    public Task<IReadOnlyList<ServiceChoice>> ServicesAsync(PortalActor actor, CancellationToken ct) => dbFactory.ServiceChoicesAsync(actor, ct);

    public async Task<PushForm?> LoadAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        actor.RequireService(serviceId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.CallbackServices.AsNoTracking().Where(s => s.Id == serviceId).Select(s => new { s.Push, s.Version }).SingleOrDefaultAsync(ct);
        return found is null ? null : new PushForm
        {
            Version = found.Version,
            WebPushEnabled = found.Push.WebPushEnabled,
            VapidSubject = found.Push.VapidSubject,
            VapidPublicKey = found.Push.VapidPublicKey,
            HasStoredVapidKeys = found.Push.HasVapidKeys(),
            FcmEnabled = found.Push.FcmEnabled,
            FcmProjectId = found.Push.FcmProjectId,
            FcmClientEmail = found.Push.FcmClientEmail,
            FcmTokenUri = found.Push.FcmTokenUri,
            FcmPrivateKeyId = found.Push.FcmPrivateKeyId,
            HasFcmPrivateKey = !string.IsNullOrEmpty(found.Push.FcmPrivateKeyProtected),
        };
    }

    /// <summary>A new key pair into the form (saved with the form); subscriptions made with the old public key stop working then.</summary>
    public void GenerateVapidKeys(PushForm form)
    {
        var pair = VapidKeys.Generate();
        form.NewVapidKeys = new PendingVapidKeys(pair.PublicKey, secrets.Protect(pair.PrivateKeyPkcs8));
        form.VapidPublicKey = pair.PublicKey;
    }

    /// <summary>Signs a VAPID token with the form's private key (new or stored) and checks it with its public key. Nothing is sent.</summary>
    public async Task<PushTestResult> TestWebPushAsync(PortalActor actor, Guid serviceId, PushForm form, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Features.Manage);
        var stored = await StoredAsync(actor, serviceId, ct);
        var publicKey = form.NewVapidKeys?.PublicKey ?? stored?.VapidPublicKey;
        var privateKey = secrets.Unprotect(form.NewVapidKeys?.PrivateKeyProtected ?? stored?.VapidPrivateKeyProtected);
        if (publicKey is null || privateKey is null)
        {
            return new PushTestResult(false, publicKey is null ? "There are no keys yet: generate them first." : "The stored private key cannot be read any more; generate new keys.");
        }
        var now = clock.GetUtcNow();
        var subject = PushSettings.IsSubject(form.VapidSubject) ? form.VapidSubject! : "mailto:test@example.com";
        var token = VapidKeys.SignToken(privateKey, TestAudience, subject, now.AddHours(12));
        return VapidKeys.Verify(token, publicKey, now) is not null
            ? new PushTestResult(true, "Keys valid: a VAPID token signed with the private key verifies with the public key. No notification was sent.")
            : new PushTestResult(false, "The private and public keys do not belong together; generate new keys.");
    }

    /// <summary>Exchanges an assertion from the pasted JSON (when there is one) or the stored account for an access token.</summary>
    public async Task<PushTestResult> TestFcmAsync(PortalActor actor, Guid serviceId, string? newServiceAccountJson, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Features.Manage);
        FcmCredentials? credentials;
        if (!string.IsNullOrWhiteSpace(newServiceAccountJson))
        {
            actor.RequireService(serviceId);
            (credentials, var problems) = FcmCredentials.Parse(newServiceAccountJson);
            if (credentials is null)
            {
                return new PushTestResult(false, string.Join(" ", problems));
            }
        }
        else if ((await StoredAsync(actor, serviceId, ct)) is { } stored && stored.HasFcmCredentials())
        {
            var key = secrets.Unprotect(stored.FcmPrivateKeyProtected);
            if (key is null)
            {
                return new PushTestResult(false, "The stored private key cannot be read any more; paste the JSON key file again.");
            }
            credentials = new FcmCredentials(stored.FcmProjectId!, stored.FcmClientEmail!, key, stored.FcmPrivateKeyId, stored.FcmTokenUri!);
        }
        else
        {
            return new PushTestResult(false, "There is no service account yet: paste its JSON key file first.");
        }
        return await fcm.TryExchangeAsync(credentials, ct);
    }

    /// <summary>Saves; returns what to fix by field (empty when saved). A pasted JSON replaces the stored account.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> SaveAsync(PortalActor actor, Guid serviceId, PushForm form, string? newServiceAccountJson, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Features.Manage);
        actor.RequireService(serviceId);
        FcmCredentials? account = null;
        if (!string.IsNullOrWhiteSpace(newServiceAccountJson))
        {
            (account, var problems) = FcmCredentials.Parse(newServiceAccountJson);
            if (account is null)
            {
                return new Dictionary<string, string[]> { [PushForm.FcmJsonField] = [.. problems] };
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null)
        {
            return new Dictionary<string, string[]> { [""] = [ServiceEdits.NoLongerExists] };
        }
        var before = service.Push;
        var after = new PushSettings
        {
            WebPushEnabled = form.WebPushEnabled,
            VapidSubject = string.IsNullOrWhiteSpace(form.VapidSubject) ? null : form.VapidSubject.Trim(),
            VapidPublicKey = form.NewVapidKeys?.PublicKey ?? before.VapidPublicKey,
            VapidPrivateKeyProtected = form.NewVapidKeys?.PrivateKeyProtected ?? before.VapidPrivateKeyProtected,
            FcmEnabled = form.FcmEnabled,
            FcmProjectId = account?.ProjectId ?? before.FcmProjectId,
            FcmClientEmail = account?.ClientEmail ?? before.FcmClientEmail,
            FcmPrivateKeyProtected = account is null ? before.FcmPrivateKeyProtected : secrets.Protect(account.PrivateKeyPem),
            FcmPrivateKeyId = account is null ? before.FcmPrivateKeyId : account.PrivateKeyId,
            FcmTokenUri = account?.TokenUri ?? before.FcmTokenUri,
        };
        var errors = after.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        service.Push = after;
        audit.Record(db, actor, AuditAreas.Features, AuditActions.Updated, $"{service.Key}: push", Snapshot(before), Snapshot(after), service.Id);
        return await ServiceEdits.TrySaveAsync(db, service, form.Version, ct) ? errors : new Dictionary<string, string[]> { [""] = [ServiceEdits.ChangedMeanwhile] };
    }

    private async Task<PushSettings?> StoredAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        actor.RequireService(serviceId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallbackServices.AsNoTracking().Where(s => s.Id == serviceId).Select(s => s.Push).SingleOrDefaultAsync(ct);
    }

    /// <summary>What the audit log shows; the private keys' names get them masked, and the token URI is named so it is not.</summary>
    private static object Snapshot(PushSettings s) => new
    {
        s.WebPushEnabled,
        s.VapidSubject,
        s.VapidPublicKey,
        VapidPrivateKey = s.VapidPrivateKeyProtected,
        s.FcmEnabled,
        s.FcmProjectId,
        s.FcmClientEmail,
        FcmPrivateKey = s.FcmPrivateKeyProtected,
        FcmOAuthEndpoint = s.FcmTokenUri,
    };
}
