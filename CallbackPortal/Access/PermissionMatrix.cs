using CallbackPortal.Audit;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>Permissions of one feature area, in the order <see cref="Permissions.All"/> lists them.</summary>
public sealed record PermissionGroup(string Area, IReadOnlyList<PermissionInfo> Permissions);

/// <summary>
/// The roles and permissions page's logic: the role × permission grants, saved in one transaction with an audit
/// entry per changed role (before → after), and the defaults restorable. Administrators hold every permission
/// whatever is stored, so their column is not edited. A save applies at the next check on this node (the
/// <see cref="PermissionStore"/> cache is dropped) and within <c>Security:PermissionCacheSeconds</c> on others.
/// </summary>
public sealed class PermissionMatrix(IDbContextFactory<AppDbContext> dbFactory, PermissionStore store, AuditLog audit)
{
    public const string StaleMessage = "The permissions were changed by someone else since you opened this page; reload to see their changes.";

    public static readonly IReadOnlyList<string> EditableRoles = [.. Roles.All.Where(r => r != Roles.Administrator)];

    public static readonly IReadOnlyList<PermissionGroup> Groups =
        [.. Permissions.All.GroupBy(p => p.Area).Select(g => new PermissionGroup(g.Key, [.. g]))];

    /// <summary>The stored grants of every editable role (a role with none has an empty set).</summary>
    public async Task<Dictionary<string, HashSet<string>>> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadAsync(db, ct);
    }

    /// <summary>Saves <paramref name="edited"/>; refused (and nothing saved) when the stored grants are no longer <paramref name="loaded"/>.</summary>
    public async Task<string?> SaveAsync(PortalActor actor, IReadOnlyDictionary<string, HashSet<string>> loaded, IReadOnlyDictionary<string, HashSet<string>> edited,
        CancellationToken ct)
    {
        actor.RequirePermission(Permissions.Users.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await ReadAsync(db, ct);
        if (EditableRoles.Any(role => !current[role].SetEquals(loaded.GetValueOrDefault(role) ?? [])))
        {
            return StaleMessage;
        }
        await ApplyAsync(db, actor, AuditActions.Updated, current, edited, ct);
        await transaction.CommitAsync(ct);
        store.Invalidate();
        return null;
    }

    /// <summary>Puts back the grants a new installation starts with (<see cref="DefaultRolePermissions.Grants"/>).</summary>
    public async Task RestoreDefaultsAsync(PortalActor actor, CancellationToken ct)
    {
        actor.RequirePermission(Permissions.Users.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var defaults = EditableRoles.ToDictionary(role => role, role => DefaultRolePermissions.Grants.GetValueOrDefault(role)?.ToHashSet() ?? []);
        await ApplyAsync(db, actor, "defaults-restored", await ReadAsync(db, ct), defaults, ct);
        await transaction.CommitAsync(ct);
        store.Invalidate();
    }

    private async Task ApplyAsync(AppDbContext db, PortalActor actor, string action, Dictionary<string, HashSet<string>> current,
        IReadOnlyDictionary<string, HashSet<string>> wanted, CancellationToken ct)
    {
        var known = Permissions.All.Select(p => p.Name).ToHashSet();
        foreach (var role in EditableRoles)
        {
            var before = current[role];
            var after = (wanted.GetValueOrDefault(role) ?? []).Where(known.Contains).ToHashSet();
            if (before.SetEquals(after))
            {
                continue;
            }
            var removed = before.Except(after).ToList();
            await db.RolePermissions.Where(g => g.Role == role && removed.Contains(g.Permission)).ExecuteDeleteAsync(ct);
            db.RolePermissions.AddRange(after.Except(before).Select(p => new RolePermission { Role = role, Permission = p }));
            audit.Record(db, actor, AuditAreas.Permissions, action, Roles.DisplayName(role), new { Permissions = Ordered(before) }, new { Permissions = Ordered(after) });
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Dictionary<string, HashSet<string>>> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        var known = Permissions.All.Select(p => p.Name).ToList();
        var rows = await db.RolePermissions.AsNoTracking().Where(g => known.Contains(g.Permission)).ToListAsync(ct);
        return EditableRoles.ToDictionary(role => role, role => rows.Where(r => r.Role == role).Select(r => r.Permission).ToHashSet());
    }

    /// <summary>In the order of the page (and of <see cref="Permissions.All"/>), so the audit shows them as the page does.</summary>
    private static List<string> Ordered(IEnumerable<string> permissions) =>
        [.. permissions.OrderBy(p => Permissions.All.ToList().FindIndex(i => i.Name == p))];
}
