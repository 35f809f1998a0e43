using CallbackPortal.Access;
using CallbackPortal.Data;

namespace CallbackPortal.Audit;

/// <summary>
/// Writes audit entries into the same unit of work as the change they describe, so a change and its entry are
/// saved together or not at all. Callers pass snapshots of the thing before and after (secrets are masked here).
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    /// <summary>Adds the entry to <paramref name="db"/> (saved with the caller's SaveChanges). Nothing is added when nothing changed.</summary>
    public AuditEntry? Record(AppDbContext db, PortalActor actor, string area, string action, string target, object? before, object? after, Guid? serviceId = null)
    {
        var changes = AuditChanges.Between(before, after);
        if (changes.Count == 0 && action == AuditActions.Updated)
        {
            return null;
        }
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = actor.UserId,
            UserName = Clip(actor.Name, 256),
            Area = area,
            Action = action,
            Target = Clip(target, 256),
            ServiceId = serviceId,
            Changes = AuditChanges.ToJson(changes),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}

public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string BulkCancelled = "bulk cancelled";
    public const string Erased = "personal data erased";
}
