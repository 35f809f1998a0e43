using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>A service's browser origins as the CORS domains page shows them.</summary>
public sealed record ServiceOrigins(Guid ServiceId, string Key, string Name, IReadOnlyList<string> Origins);

/// <summary>
/// The CORS domains page's logic: list, add and remove the web origins allowed per service, and the recent
/// requests refused for their origin. A change applies at once on this node (the cached origins are forgotten)
/// and within <see cref="ServiceCors.CacheFor"/> everywhere.
/// </summary>
public sealed class CorsDomains(IDbContextFactory<AppDbContext> dbFactory, ServiceCors cors, AuditLog audit)
{
    public const int MaxOriginsPerService = 100;

    /// <summary>The services the actor may see, with their origins.</summary>
    public async Task<IReadOnlyList<ServiceOrigins>> ListAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Key, s.Name, s.AllowedOrigins }).ToListAsync(ct);
        return [.. services.Select(s => new ServiceOrigins(s.Id, s.Key, s.Name, s.AllowedOrigins))];
    }

    /// <summary>Adds the origin; returns why it cannot be added, or null when it was (or already was) allowed.</summary>
    public async Task<string?> AddAsync(PortalActor actor, Guid serviceId, string? origin, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Cors.Manage);
        if (AllowedOrigins.Problem(origin?.Trim()) is { } problem)
        {
            return problem;
        }
        var normalized = AllowedOrigins.Normalize(origin!);
        return await ChangeAsync(actor, serviceId, "origin added", origins =>
        {
            if (origins.Contains(normalized))
            {
                return null;
            }
            if (origins.Count >= MaxOriginsPerService)
            {
                return $"A service allows at most {MaxOriginsPerService} origins.";
            }
            origins.Add(normalized);
            return null;
        }, ct);
    }

    public Task<string?> RemoveAsync(PortalActor actor, Guid serviceId, string origin, CancellationToken ct) =>
        ChangeAsync(actor, serviceId, "origin removed", origins =>
        {
            origins.Remove(origin);
            return null;
        }, ct);

    public async Task<IReadOnlyList<CorsRejection>> RecentRejectionsAsync(string serviceKey, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CorsRejections.AsNoTracking().Where(r => r.Service == serviceKey).OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    private async Task<string?> ChangeAsync(PortalActor actor, Guid serviceId, string action, Func<List<string>, string?> change, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Cors.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = actor.Scope.Includes(serviceId) ? await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == serviceId, ct) : null;
        if (service is null)
        {
            return Services.ServiceEdits.NoLongerExists;
        }
        var origins = service.AllowedOrigins.ToList();
        if (change(origins) is { } refusal)
        {
            return refusal;
        }
        if (origins.SequenceEqual(service.AllowedOrigins))
        {
            return null;
        }
        audit.Record(db, actor, AuditAreas.Cors, action, service.Key, new { AllowedOrigins = service.AllowedOrigins }, new { AllowedOrigins = origins }, service.Id);
        service.AllowedOrigins = origins;
        await db.SaveChangesAsync(ct);
        cors.Forget(service.Key);
        return null;
    }
}
