using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Audit;

/// <summary>What the audit log page filters by; every part optional.</summary>
public sealed record AuditFilter(DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Area = null, string? User = null, string? Text = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>
/// Reads the audit log, newest first, a page at a time. A reader limited to some services sees only the changes to
/// those services (changes to users, permissions and keys belong to no service and stay hidden from them).
/// </summary>
public sealed class AuditLogQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> SearchAsync(PortalActor reader, AuditFilter filter, int skip, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, reader, filter);
        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(e => e.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(ct);
        return new AuditPage(entries, total);
    }

    private static IQueryable<AuditEntry> Filtered(AppDbContext db, PortalActor reader, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (reader.Scope.Allowed is { } allowed)
        {
            query = query.Where(e => e.ServiceId != null && allowed.Contains(e.ServiceId.Value));
        }
        if (filter.Since is { } since)
        {
            query = query.Where(e => e.At >= since);
        }
        if (filter.Until is { } until)
        {
            query = query.Where(e => e.At < until);
        }
        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            query = query.Where(e => e.Area == filter.Area);
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            query = query.Where(e => e.UserName.Contains(user));
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(e => e.Target.Contains(text) || e.Action.Contains(text) || e.Changes.Contains(text));
        }
        return query;
    }
}
