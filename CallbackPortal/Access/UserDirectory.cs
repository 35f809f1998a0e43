using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>A portal user as the users list shows them; <see cref="Services"/> is null for every service.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool TwoFactorEnabled, bool Disabled, bool LockedOut,
    IReadOnlyList<string>? Services);

/// <summary>A user's account state next to the form that edits them.</summary>
public sealed record UserDetails(string Id, UserForm Form, bool Disabled, bool LockedOut, bool TwoFactorEnabled, DateTimeOffset CreatedAt);

/// <summary>What the users pages show: the list of users, one user for editing, the services a user may be given.</summary>
public sealed class UserDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roles = (await UserRoles(db).ToListAsync(ct)).ToLookup(r => r.UserId, r => r.Role);
        var names = await db.CallbackServices.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var now = clock.GetUtcNow();
        return [.. users.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, [.. roles[u.Id].OrderBy(RoleOrder)], u.TwoFactorEnabled, u.IsDisabled,
            u.LockoutEnd > now, u.ServiceLimit?.Select(id => names.GetValueOrDefault(id, "(deleted service)")).Order().ToList()))];
    }

    /// <summary>The services the actor may give others access to: the ones they can see themselves.</summary>
    public Task<IReadOnlyList<ServiceChoice>> ServicesAsync(PortalActor actor, CancellationToken ct) => dbFactory.ServiceChoicesAsync(actor, ct);

    public async Task<UserDetails?> LoadAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var form = new UserForm
        {
            Email = user.Email,
            DisplayName = user.DisplayName,
            Roles = [.. roles],
            LimitServices = user.ServiceLimit is not null,
            Services = [.. user.ServiceLimit ?? []],
            ConcurrencyStamp = user.ConcurrencyStamp,
        };
        return new UserDetails(user.Id, form, user.IsDisabled, user.LockoutEnd > clock.GetUtcNow(), user.TwoFactorEnabled, user.CreatedAt);
    }

    /// <summary>Roles in the order of <see cref="Roles.All"/> (most powerful first).</summary>
    public static int RoleOrder(string role) => Roles.All.ToList().IndexOf(role);

    private static IQueryable<UserRoleName> UserRoles(AppDbContext db) =>
        db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new UserRoleName(ur.UserId, r.Name!));

    private sealed record UserRoleName(string UserId, string Role);
}
