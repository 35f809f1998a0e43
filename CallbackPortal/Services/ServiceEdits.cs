using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

/// <summary>
/// What every service settings page (services, rules, CAPTCHA, push, CORS) shares: its messages, and the one way a
/// form read at some version is saved — refused, with nothing saved, when someone else saved the service in between.
/// </summary>
public static class ServiceEdits
{
    public const string ChangedMeanwhile = "This service was changed by someone else since you opened it; reload to see their changes.";
    public const string NoLongerExists = "That service no longer exists.";
    public const string NotAllowed = "You are not allowed to change this service.";

    /// <summary>Saves <paramref name="db"/>'s changes to <paramref name="service"/> (and whatever else it tracks, the audit entry too) if the service is still at <paramref name="readVersion"/>.</summary>
    public static async Task<bool> TrySaveAsync(AppDbContext db, CallbackService service, int readVersion, CancellationToken ct)
    {
        db.Entry(service).Property(s => s.Version).OriginalValue = readVersion;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
