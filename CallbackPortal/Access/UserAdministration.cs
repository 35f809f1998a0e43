using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>A portal user as the users list shows them; <see cref="Services"/> is null for every service.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool TwoFactorEnabled, bool Disabled, bool LockedOut,
    IReadOnlyList<string>? Services);

/// <summary>A user's account state next to the form that edits them.</summary>
public sealed record UserDetails(string Id, UserForm Form, bool Disabled, bool LockedOut, bool TwoFactorEnabled, DateTimeOffset CreatedAt);

/// <summary>
/// The users page's logic: create users, edit their roles and service limit, disable and enable them, reset their
/// two-factor sign-in, unlock them. Each change is one transaction with its audit entry (never a password); a change
/// that must end the user's sessions (disabled, roles, 2FA) ends them at once (<see cref="UserSessions"/>).
/// Nobody can disable themselves, take away their own Administrator role, or leave no enabled administrator.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, UserSessions sessions, TimeProvider clock)
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
    public async Task<IReadOnlyList<ServiceChoice>> ServicesAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).OrderBy(s => s.Name).Select(s => new { s.Id, s.Key, s.Name }).ToListAsync(ct);
        return [.. services.Select(s => new ServiceChoice(s.Id, s.Key, s.Name))];
    }

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

    /// <summary>Creates the user; returns their id, or what to fix by field.</summary>
    public Task<UserChange> CreateAsync(PortalActor actor, UserForm form, CancellationToken ct) =>
        InTransactionAsync(async (users, db) =>
        {
            var email = form.Email?.Trim() ?? "";
            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                // Created by an administrator who vouches for the address; no e-mail is sent.
                EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(form.DisplayName) ? email : form.DisplayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            var errors = await UserValidation.ForCreateAsync(users, user, form);
            var actorIsAdministrator = await UserValidation.IsAdministratorAsync(db, actor.UserId, ct);
            errors.Merge(await UserValidation.RolesAndServicesAsync(db, actor, actorIsAdministrator, form, [], previousLimit: null, ct));
            if (errors.Count > 0)
            {
                return UserChange.Refused(errors);
            }
            user.ServiceLimit = UserValidation.NewLimit(actor, form, previousLimit: null);
            var created = await users.CreateAsync(user, form.Password!);
            created = created.Succeeded ? await users.AddToRolesAsync(user, form.Roles) : created;
            if (!created.Succeeded)
            {
                return UserChange.Refused(UserValidation.FromIdentity(created));
            }
            audit.Record(db, actor, AuditAreas.Users, AuditActions.Created, email, null, await SnapshotAsync(db, user, form.Roles, ct));
            return UserChange.Done(user.Id);
        }, ct);

    /// <summary>Saves display name, roles and service limit. A change of roles ends the user's sessions so the new roles apply at once.</summary>
    public Task<UserChange> UpdateAsync(PortalActor actor, string userId, UserForm form, CancellationToken ct) =>
        WithUserAsync(actor, userId, async (users, db, user) =>
        {
            if (form.ConcurrencyStamp != user.ConcurrencyStamp)
            {
                return UserChange.Refused("This user was changed by someone else since you opened it; reload to see their changes.");
            }
            var roles = await users.GetRolesAsync(user);
            var before = await SnapshotAsync(db, user, roles, ct);
            var actorIsAdministrator = await UserValidation.IsAdministratorAsync(db, actor.UserId, ct);
            var errors = await UserValidation.RolesAndServicesAsync(db, actor, actorIsAdministrator, form, [.. roles], user.ServiceLimit, ct);
            var displayName = form.DisplayName?.Trim() ?? "";
            if (displayName.Length > UserValidation.MaxDisplayNameLength)
            {
                errors[nameof(UserForm.DisplayName)] = [$"At most {UserValidation.MaxDisplayNameLength} characters."];
            }
            if (errors.Count == 0 && await UserValidation.AdministratorGuardAsync(db, actor, user, roles.Contains(Roles.Administrator) && !form.Roles.Contains(Roles.Administrator), ct) is { } refusal)
            {
                errors[nameof(UserForm.Roles)] = [refusal];
            }
            if (errors.Count > 0)
            {
                return UserChange.Refused(errors);
            }
            user.DisplayName = displayName.Length == 0 ? user.Email ?? "" : displayName;
            user.ServiceLimit = UserValidation.NewLimit(actor, form, user.ServiceLimit);
            var rolesChanged = !roles.ToHashSet().SetEquals(form.Roles);
            var result = await users.RemoveFromRolesAsync(user, roles.Except(form.Roles));
            result = result.Succeeded ? await users.AddToRolesAsync(user, form.Roles.Except(roles)) : result;
            // Someone else's new roles apply at once: their sessions end. Your own apply when you next sign in.
            var endSessions = rolesChanged && user.Id != actor.UserId;
            result = result.Succeeded ? await (endSessions ? users.UpdateSecurityStampAsync(user) : users.UpdateAsync(user)) : result;
            if (!result.Succeeded)
            {
                return UserChange.Refused(UserValidation.FromIdentity(result));
            }
            audit.Record(db, actor, AuditAreas.Users, AuditActions.Updated, user.Email ?? user.Id, before, await SnapshotAsync(db, user, form.Roles, ct));
            return endSessions ? UserChange.EndingSessions(user.Id, before.Stamp) : UserChange.Done(user.Id);
        }, ct);

    /// <summary>Disables (ending every session at once) or enables the user.</summary>
    public Task<UserChange> SetDisabledAsync(PortalActor actor, string userId, bool disabled, CancellationToken ct) =>
        WithUserAsync(actor, userId, async (users, db, user) =>
        {
            if (user.IsDisabled == disabled)
            {
                return UserChange.Done(user.Id);
            }
            var roles = await users.GetRolesAsync(user);
            if (disabled && user.Id == actor.UserId)
            {
                return UserChange.Refused("You cannot disable your own account.");
            }
            if (disabled && await UserValidation.AdministratorGuardAsync(db, actor, user, roles.Contains(Roles.Administrator), ct) is { } refusal)
            {
                return UserChange.Refused(refusal);
            }
            var before = await SnapshotAsync(db, user, roles, ct);
            user.IsDisabled = disabled;
            var result = disabled ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!result.Succeeded)
            {
                return UserChange.Refused(UserValidation.FromIdentity(result));
            }
            audit.Record(db, actor, AuditAreas.Users, disabled ? "disabled" : "enabled", user.Email ?? user.Id, before, await SnapshotAsync(db, user, roles, ct));
            return disabled ? UserChange.EndingSessions(user.Id, before.Stamp) : UserChange.Done(user.Id);
        }, ct);

    /// <summary>Turns two-factor sign-in off with a new authenticator key and no recovery codes; the user sets it up again.</summary>
    public Task<UserChange> ResetTwoFactorAsync(PortalActor actor, string userId, CancellationToken ct) =>
        WithUserAsync(actor, userId, async (users, db, user) =>
        {
            var roles = await users.GetRolesAsync(user);
            var before = await SnapshotAsync(db, user, roles, ct);
            var result = await users.SetTwoFactorEnabledAsync(user, false);
            // Zero new codes: the old recovery codes stop working.
            result = result.Succeeded && await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0) is null ? IdentityResult.Failed() : result;
            // Also a new security stamp: sessions and "remember this browser" end.
            result = result.Succeeded ? await users.ResetAuthenticatorKeyAsync(user) : result;
            if (!result.Succeeded)
            {
                return UserChange.Refused(UserValidation.FromIdentity(result));
            }
            audit.Record(db, actor, AuditAreas.Users, "2fa-reset", user.Email ?? user.Id, before, await SnapshotAsync(db, user, roles, ct));
            return UserChange.EndingSessions(user.Id, before.Stamp);
        }, ct);

    public Task<UserChange> UnlockAsync(PortalActor actor, string userId, CancellationToken ct) =>
        WithUserAsync(actor, userId, async (users, db, user) =>
        {
            var roles = await users.GetRolesAsync(user);
            var before = await SnapshotAsync(db, user, roles, ct);
            var result = await users.SetLockoutEndDateAsync(user, null);
            result = result.Succeeded ? await users.ResetAccessFailedCountAsync(user) : result;
            if (!result.Succeeded)
            {
                return UserChange.Refused(UserValidation.FromIdentity(result));
            }
            audit.Record(db, actor, AuditAreas.Users, "unlocked", user.Email ?? user.Id, before, await SnapshotAsync(db, user, roles, ct));
            return UserChange.Done(user.Id);
        }, ct);

    /// <summary>A change to an existing user; an administrator's account is changed by administrators only.</summary>
    private Task<UserChange> WithUserAsync(PortalActor actor, string userId, Func<UserManager<ApplicationUser>, AppDbContext, ApplicationUser, Task<UserChange>> change,
        CancellationToken ct) =>
        InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserChange.Refused("That user no longer exists.");
            }
            if (await users.IsInRoleAsync(user, Roles.Administrator) && !await UserValidation.IsAdministratorAsync(db, actor.UserId, ct))
            {
                return UserChange.Refused("Only an administrator can change an administrator's account.");
            }
            return await change(users, db, user);
        }, ct);

    /// <summary>
    /// Runs a change with a user manager over one context, in one transaction (SQLite's is immediate, so the
    /// administrator count it reads cannot change under it), saving the audit entry with it.
    /// </summary>
    private async Task<UserChange> InTransactionAsync(Func<UserManager<ApplicationUser>, AppDbContext, Task<UserChange>> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await change(users, db);
        if (result.Errors.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            return result;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (result.EndedStamp is not null)
        {
            sessions.End(result.UserId!, result.EndedStamp);
        }
        return result;
    }

    private static IQueryable<UserRoleName> UserRoles(AppDbContext db) =>
        db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new UserRoleName(ur.UserId, r.Name!));

    private static int RoleOrder(string role) => Roles.All.ToList().IndexOf(role);

    private static async Task<UserSnapshot> SnapshotAsync(AppDbContext db, ApplicationUser user, IEnumerable<string> roles, CancellationToken ct)
    {
        var services = "all";
        if (user.ServiceLimit is { } limit)
        {
            var keys = await db.CallbackServices.AsNoTracking().Where(s => limit.Contains(s.Id)).Select(s => s.Key).ToListAsync(ct);
            services = keys.Count == 0 ? "none" : string.Join(", ", keys.Order());
        }
        return new UserSnapshot(user.Email ?? "", user.DisplayName, string.Join(", ", roles.OrderBy(RoleOrder)), user.IsDisabled, user.TwoFactorEnabled, services)
        {
            Stamp = user.SecurityStamp,
        };
    }

    private sealed record UserRoleName(string UserId, string Role);

    /// <summary>What the audit log keeps of a user (never a password; the stamp is not serialized).</summary>
    private sealed record UserSnapshot(string Email, string DisplayName, string Roles, bool Disabled, bool TwoFactor, string Services)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public string? Stamp { get; init; }
    }
}
