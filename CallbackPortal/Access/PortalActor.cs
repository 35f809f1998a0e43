using System.Security.Claims;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>
/// The services a portal user may see and change. Users are unlimited unless an administrator limits them to some
/// services; administrators are never limited. An empty limit means no service at all (not every service).
/// </summary>
public sealed record ServiceScope(IReadOnlySet<Guid>? Allowed)
{
    public static readonly ServiceScope Everything = new((IReadOnlySet<Guid>?)null);

    public bool IsLimited => Allowed is not null;

    public bool Includes(Guid serviceId) => Allowed is null || Allowed.Contains(serviceId);

    /// <summary>The services of <paramref name="query"/> this scope lets the user see (filtered in the database).</summary>
    public IQueryable<CallbackService> Filter(IQueryable<CallbackService> query) =>
        Allowed is null ? query : query.Where(s => Allowed.Contains(s.Id));
}

/// <summary>Who is doing something in the portal: for the audit log, the services they may touch and the permissions they hold.</summary>
/// <param name="Granted">
/// The permissions the user holds now (read with the actor, so a change to the role matrix applies to their next action even in a
/// page they opened before it); null for the installation itself, which the permission matrix does not limit.
/// </param>
public sealed record PortalActor(string? UserId, string Name, ServiceScope Scope, IReadOnlySet<string>? Granted = null)
{
    public const string NotPermitted = "You no longer hold the permission this needs; reload the page.";

    /// <summary>The installation itself (first-run setup, the demo seeder, start-up tasks).</summary>
    public static readonly PortalActor System = new(null, "system", ServiceScope.Everything);

    /// <summary>Throws when the actor may not touch the service; pages only offer services in scope, this is the server's check.</summary>
    public void RequireService(Guid serviceId)
    {
        if (!Scope.Includes(serviceId))
        {
            throw new Callbacks.DomainException("service-not-allowed", ServiceEdits.NotAllowed);
        }
    }

    public bool Holds(string permission) => Granted is null || Granted.Contains(permission);

    /// <summary>
    /// Throws when the actor does not hold <paramref name="permission"/>. Pages are authorized when they open; this is the
    /// server's check on each change, for a permission taken away while the page stays open.
    /// </summary>
    public void RequirePermission(string permission)
    {
        if (!Holds(permission))
        {
            throw new Callbacks.DomainException("not-permitted", NotPermitted);
        }
    }
}

/// <summary>Builds the <see cref="PortalActor"/> of a signed-in user, reading their service limit from the database (so a change applies at once).</summary>
public sealed class PortalActors(IDbContextFactory<AppDbContext> dbFactory, PermissionStore permissions)
{
    public async Task<PortalActor> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = user.Identity?.Name ?? "unknown";
        if (userId is null)
        {
            return new PortalActor(null, name, new ServiceScope(new HashSet<Guid>()), new HashSet<string>());
        }
        var granted = await permissions.PermissionsOfAsync(user.FindAll(ClaimTypes.Role).Select(c => c.Value), ct);
        if (user.IsInRole(Roles.Administrator))
        {
            return new PortalActor(userId, name, ServiceScope.Everything, granted);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var limit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ServiceLimit).SingleOrDefaultAsync(ct);
        return new PortalActor(userId, name, limit is null ? ServiceScope.Everything : new ServiceScope(limit.ToHashSet()), granted);
    }
}
