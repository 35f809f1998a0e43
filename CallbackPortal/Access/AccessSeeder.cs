using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>
/// Seeds the roles and, once per permission, its default grants. A permission an upgrade adds gets its
/// defaults on the next start; grants an administrator removed are never put back.
/// </summary>
public sealed class AccessSeeder(AppDbContext db, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    private const string GrantsFlagPrefix = "grants.seeded:";

    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
        var seeded = await db.SystemFlags.Where(f => f.Key.StartsWith(GrantsFlagPrefix)).Select(f => f.Key).ToListAsync(ct);
        foreach (var permission in Permissions.All.Where(p => !seeded.Contains(GrantsFlagPrefix + p.Name)))
        {
            foreach (var role in Roles.All.Where(r => DefaultRolePermissions.IsGranted(r, permission.Name)))
            {
                if (!await db.RolePermissions.AnyAsync(g => g.Role == role && g.Permission == permission.Name, ct))
                {
                    db.RolePermissions.Add(new RolePermission { Role = role, Permission = permission.Name });
                }
            }
            db.SystemFlags.Add(new SystemFlag { Key = GrantsFlagPrefix + permission.Name, Value = "default", SetAt = clock.GetUtcNow() });
        }
        await db.SaveChangesAsync(ct);
    }
}
