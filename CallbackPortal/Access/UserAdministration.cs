using CallbackPortal.Audit;
using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>
/// The users pages' changes (<see cref="UserDirectory"/> reads): create users, edit their roles and service limit, disable and enable them, reset their
/// two-factor sign-in, unlock them. Each change is one transaction with its audit entry (never a password); a change
/// that must end the user's sessions (disabled, roles, 2FA) ends them at once (<see cref="UserSessions"/>).
/// Nobody can disable themselves, take away their own Administrator role, or leave no enabled administrator.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, AuditLog audit, UserSessions sessions, TimeProvider clock)
{
    /// <summary>Creates the user (through <see cref="UserAccounts"/>); returns their id, or what to fix by field.</summary>
    public Task<UserChange> CreateAsync(PortalActor actor, UserForm form, CancellationToken ct) =>
        InTransactionAsync(async (users, db) =>
        {
            actor.RequirePermission(Permissions.Users.Manage);
            var email = form.Email?.Trim() ?? "";
            var errors = await UserValidation.ForCreateAsync(users, email, form);
            var actorIsAdministrator = await UserValidation.IsAdministratorAsync(db, actor.UserId, ct);
            errors.Merge(await UserValidation.RolesAndServicesAsync(db, actor, actorIsAdministrator, form, [], previousLimit: null, ct));
            if (errors.Count > 0)
            {
                return UserChange.Refused(errors);
            }
            var request = new NewUser(email, form.DisplayName ?? "", form.Password!, form.Roles, UserValidation.NewLimit(actor, form, previousLimit: null));
            var created = await new UserAccounts(users, clock).CreateAsync(request);
            if (!created.Succeeded || await users.FindByEmailAsync(email) is not { } user)
            {
                return UserChange.Refused(UserValidation.FromIdentity(created));
            }
            audit.Record(db, actor, AuditAreas.Users, AuditActions.Created, email, null, await SnapshotAsync(db, user, form.Roles, ct));
            return UserChange.Done(user.Id);
        }, ct);

    /// <summary>Saves display name, roles and service limit. A change of roles ends the user's sessions so the new roles apply at once.</summary>
    public Task<UserChange> UpdateAsync(PortalActor actor, string userId, UserForm form, CancellationToken ct) =>
        ChangeUserAsync(actor, userId, AuditActions.Updated, async (users, db, user, roles) =>
        {
            if (form.ConcurrencyStamp != user.ConcurrencyStamp)
            {
                return Step.Refuse("This user was changed by someone else since you opened it; reload to see their changes.");
            }
            var actorIsAdministrator = await UserValidation.IsAdministratorAsync(db, actor.UserId, ct);
            var errors = await UserValidation.RolesAndServicesAsync(db, actor, actorIsAdministrator, form, [.. roles], user.ServiceLimit, ct);
            var displayName = form.DisplayName?.Trim() ?? "";
            if (displayName.Length > UserValidation.MaxDisplayNameLength)
            {
                errors[nameof(UserForm.DisplayName)] = [$"At most {UserValidation.MaxDisplayNameLength} characters."];
            }
            var losesAdministrator = roles.Contains(Roles.Administrator) && !form.Roles.Contains(Roles.Administrator);
            if (errors.Count == 0 && await UserValidation.AdministratorGuardAsync(db, actor, user, losesAdministrator, ct) is { } refusal)
            {
                errors[nameof(UserForm.Roles)] = [refusal];
            }
            if (errors.Count > 0)
            {
                return new Step(errors);
            }
            user.DisplayName = displayName.Length == 0 ? user.Email ?? "" : displayName;
            user.ServiceLimit = UserValidation.NewLimit(actor, form, user.ServiceLimit);
            var result = await users.RemoveFromRolesAsync(user, roles.Except(form.Roles));
            result = result.Succeeded ? await users.AddToRolesAsync(user, form.Roles.Except(roles)) : result;
            // Someone else's new roles apply at once: their sessions end. Your own apply when you next sign in.
            var endSessions = !roles.ToHashSet().SetEquals(form.Roles) && user.Id != actor.UserId;
            return Step.Did(result.Succeeded ? await (endSessions ? users.UpdateSecurityStampAsync(user) : users.UpdateAsync(user)) : result, endSessions);
        }, ct);

    /// <summary>Disables (ending every session at once) or enables the user.</summary>
    public Task<UserChange> SetDisabledAsync(PortalActor actor, string userId, bool disabled, CancellationToken ct) =>
        ChangeUserAsync(actor, userId, disabled ? "disabled" : "enabled", async (users, db, user, roles) =>
        {
            if (user.IsDisabled == disabled)
            {
                return Step.Nothing;
            }
            if (disabled && user.Id == actor.UserId)
            {
                return Step.Refuse("You cannot disable your own account.");
            }
            if (disabled && await UserValidation.AdministratorGuardAsync(db, actor, user, roles.Contains(Roles.Administrator), ct) is { } refusal)
            {
                return Step.Refuse(refusal);
            }
            user.IsDisabled = disabled;
            return Step.Did(disabled ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user), endsSessions: disabled);
        }, ct);

    /// <summary>Turns two-factor sign-in off with a new authenticator key and no recovery codes; the user sets it up again.</summary>
    public Task<UserChange> ResetTwoFactorAsync(PortalActor actor, string userId, CancellationToken ct) =>
        ChangeUserAsync(actor, userId, "2fa-reset", async (users, _, user, _) =>
        {
            var result = await users.SetTwoFactorEnabledAsync(user, false);
            // Zero new codes: the old recovery codes stop working.
            result = result.Succeeded && await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0) is null ? IdentityResult.Failed() : result;
            // Also a new security stamp: sessions and "remember this browser" end.
            return Step.Did(result.Succeeded ? await users.ResetAuthenticatorKeyAsync(user) : result, endsSessions: true);
        }, ct);

    public Task<UserChange> UnlockAsync(PortalActor actor, string userId, CancellationToken ct) =>
        ChangeUserAsync(actor, userId, "unlocked", async (users, _, user, _) =>
        {
            var result = await users.SetLockoutEndDateAsync(user, null);
            return Step.Did(result.Succeeded ? await users.ResetAccessFailedCountAsync(user) : result);
        }, ct);

    /// <summary>
    /// A change to an existing user, audited before → after. An administrator's account is changed by administrators only.
    /// </summary>
    private Task<UserChange> ChangeUserAsync(PortalActor actor, string userId, string action,
        Func<UserManager<ApplicationUser>, AppDbContext, ApplicationUser, IList<string>, Task<Step>> change, CancellationToken ct) =>
        InTransactionAsync(async (users, db) =>
        {
            actor.RequirePermission(Permissions.Users.Manage);
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserChange.Refused("That user no longer exists.");
            }
            if (await users.IsInRoleAsync(user, Roles.Administrator) && !await UserValidation.IsAdministratorAsync(db, actor.UserId, ct))
            {
                return UserChange.Refused("Only an administrator can change an administrator's account.");
            }
            var roles = await users.GetRolesAsync(user);
            var before = await SnapshotAsync(db, user, roles, ct);
            var step = await change(users, db, user, roles);
            if (step.Errors is { } errors)
            {
                return UserChange.Refused(errors);
            }
            if (step.Result is not { } result)
            {
                return UserChange.Done(user.Id);
            }
            if (!result.Succeeded)
            {
                return UserChange.Refused(UserValidation.FromIdentity(result));
            }
            audit.Record(db, actor, AuditAreas.Users, action, user.Email ?? user.Id, before, await SnapshotAsync(db, user, await users.GetRolesAsync(user), ct));
            return step.EndsSessions ? UserChange.EndingSessions(user.Id, before.Stamp) : UserChange.Done(user.Id);
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

    private static async Task<UserSnapshot> SnapshotAsync(AppDbContext db, ApplicationUser user, IEnumerable<string> roles, CancellationToken ct)
    {
        var services = "all";
        if (user.ServiceLimit is { } limit)
        {
            var keys = await db.CallbackServices.AsNoTracking().Where(s => limit.Contains(s.Id)).Select(s => s.Key).ToListAsync(ct);
            services = keys.Count == 0 ? "none" : string.Join(", ", keys.Order());
        }
        return new UserSnapshot(user.Email ?? "", user.DisplayName, string.Join(", ", roles.OrderBy(UserDirectory.RoleOrder)), user.IsDisabled, user.TwoFactorEnabled, services)
        {
            Stamp = user.SecurityStamp,
        };
    }

    /// <summary>What a change to a user did: refused with what to fix, nothing to do, or Identity's result (and whether it ends the user's sessions).</summary>
    private sealed record Step(IReadOnlyDictionary<string, string[]>? Errors, IdentityResult? Result = null, bool EndsSessions = false)
    {
        public static readonly Step Nothing = new(Errors: null);

        public static Step Refuse(string message) => new(new Dictionary<string, string[]> { [""] = [message] });

        public static Step Did(IdentityResult result, bool endsSessions = false) => new(null, result, endsSessions);
    }

    /// <summary>What the audit log keeps of a user (never a password; the stamp is not serialized).</summary>
    private sealed record UserSnapshot(string Email, string DisplayName, string Roles, bool Disabled, bool TwoFactor, string Services)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public string? Stamp { get; init; }
    }
}
