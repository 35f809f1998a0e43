using CallbackPortal.Data;
using CallbackPortal.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Access;

/// <summary>
/// The role × permission matrix as stored in the database, cached briefly so that every authorization
/// check does not query it. Administrators hold every permission whatever the table says, so nobody can
/// lock the installation out of its own administration.
/// </summary>
public sealed class PermissionStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IOptions<SecurityOptions> options)
{
    private readonly Lock gate = new();
    private IReadOnlyDictionary<string, HashSet<string>>? cached;
    private DateTimeOffset cachedUntil;

    public async Task<bool> HasPermissionAsync(IEnumerable<string> roles, string permission, CancellationToken ct = default)
    {
        var matrix = await GetMatrixAsync(ct);
        return roles.Any(role => role == Roles.Administrator || (matrix.TryGetValue(role, out var granted) && granted.Contains(permission)));
    }

    public async Task<IReadOnlySet<string>> PermissionsOfAsync(IEnumerable<string> roles, CancellationToken ct = default)
    {
        var matrix = await GetMatrixAsync(ct);
        var result = new HashSet<string>();
        foreach (var role in roles)
        {
            if (role == Roles.Administrator)
            {
                result.UnionWith(Permissions.All.Select(p => p.Name));
            }
            else if (matrix.TryGetValue(role, out var granted))
            {
                result.UnionWith(granted);
            }
        }
        return result;
    }

    public async Task<IReadOnlyDictionary<string, HashSet<string>>> GetMatrixAsync(CancellationToken ct = default)
    {
        lock (gate)
        {
            if (cached is not null && clock.GetUtcNow() < cachedUntil)
            {
                return cached;
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.RolePermissions.AsNoTracking().ToListAsync(ct);
        var matrix = rows.GroupBy(r => r.Role).ToDictionary(g => g.Key, g => g.Select(r => r.Permission).ToHashSet());
        lock (gate)
        {
            cached = matrix;
            cachedUntil = clock.GetUtcNow().AddSeconds(options.Value.PermissionCacheSeconds);
        }
        return matrix;
    }

    /// <summary>Forgets the cached matrix so that an edit applies to the next check.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            cached = null;
        }
    }
}
