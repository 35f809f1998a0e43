using System.Net.Mail;
using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>A user as the create and edit pages edit them. The password is only read when the user is created.</summary>
public sealed class UserForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Password { get; set; }
    public HashSet<string> Roles { get; set; } = [];
    /// <summary>False: every service. True: only <see cref="Services"/>.</summary>
    public bool LimitServices { get; set; }
    public HashSet<Guid> Services { get; set; } = [];
    /// <summary>The account's version when the form was loaded, so a save over someone else's change is refused.</summary>
    public string? ConcurrencyStamp { get; set; }
}

/// <summary>The outcome of a change to a user: done (maybe ending their sessions), or refused with what to fix by field ("" for the whole form).</summary>
public sealed record UserChange(string? UserId, IReadOnlyDictionary<string, string[]> Errors, string? EndedStamp = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static UserChange Done(string userId) => new(userId, new Dictionary<string, string[]>());

    public static UserChange EndingSessions(string userId, string? stampBefore) => new(userId, new Dictionary<string, string[]>(), stampBefore);

    public static UserChange Refused(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    public static UserChange Refused(string message) => new(null, new Dictionary<string, string[]> { [""] = [message] });
}

/// <summary>The rules a user account must meet before it is saved, with a message at the field that breaks each.</summary>
public static class UserValidation
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxEmailLength = 256;

    /// <summary>E-mail, display name and password of a new user (Identity's password policy, so the page says what it wants).</summary>
    public static async Task<Dictionary<string, string[]>> ForCreateAsync(UserManager<ApplicationUser> users, string email, UserForm form)
    {
        var errors = new Dictionary<string, string[]>();
        var user = new ApplicationUser { UserName = email, Email = email };
        if (email.Length == 0)
        {
            errors[nameof(UserForm.Email)] = ["Required."];
        }
        else if (email.Length > MaxEmailLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0)
        {
            errors[nameof(UserForm.Email)] = ["Not an e-mail address, e.g. ada@example.com."];
        }
        else if (await users.FindByEmailAsync(email) is not null)
        {
            errors[nameof(UserForm.Email)] = ["A user with this e-mail address already exists."];
        }
        if (form.DisplayName?.Trim().Length > MaxDisplayNameLength)
        {
            errors[nameof(UserForm.DisplayName)] = [$"At most {MaxDisplayNameLength} characters."];
        }
        if (string.IsNullOrEmpty(form.Password))
        {
            errors[nameof(UserForm.Password)] = ["Required: the user changes it after signing in."];
        }
        else
        {
            var problems = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, form.Password);
                problems.AddRange(result.Errors.Select(e => e.Description));
            }
            if (problems.Count > 0)
            {
                errors[nameof(UserForm.Password)] = [.. problems];
            }
        }
        return errors;
    }

    /// <summary>
    /// Roles and service limit. Only administrators give or take the Administrator role; administrators are never
    /// limited; a user limited to some services can only give access to those services (the others a user already
    /// had stay as they were, see <see cref="NewLimit"/>).
    /// </summary>
    public static async Task<Dictionary<string, string[]>> RolesAndServicesAsync(AppDbContext db, PortalActor actor, bool actorIsAdministrator, UserForm form,
        IReadOnlyCollection<string> previousRoles, List<Guid>? previousLimit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (form.Roles.Count == 0)
        {
            errors[nameof(UserForm.Roles)] = ["Choose at least one role."];
        }
        else if (form.Roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            errors[nameof(UserForm.Roles)] = [$"Unknown role: {unknown}."];
        }
        else if (!actorIsAdministrator && form.Roles.Contains(Roles.Administrator) != previousRoles.Contains(Roles.Administrator))
        {
            errors[nameof(UserForm.Roles)] = ["Only an administrator can give or take the Administrator role."];
        }
        if (!form.LimitServices)
        {
            if (actor.Scope.IsLimited)
            {
                errors[nameof(UserForm.Services)] = ["You can only give access to services you have yourself: choose them."];
            }
            return errors;
        }
        if (form.Roles.Contains(Roles.Administrator))
        {
            errors[nameof(UserForm.Services)] = ["Administrators always have every service: give access to every service, or choose other roles."];
            return errors;
        }
        var chosen = Chosen(actor, form, previousLimit);
        var existing = await db.CallbackServices.Where(s => chosen.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (chosen.Any(id => !actor.Scope.Includes(id)))
        {
            errors[nameof(UserForm.Services)] = ["You cannot give access to a service you do not have yourself."];
        }
        else if (existing.Count != chosen.Count)
        {
            errors[nameof(UserForm.Services)] = ["A chosen service no longer exists; reload the page."];
        }
        else if (NewLimit(actor, form, previousLimit)!.Count == 0)
        {
            errors[nameof(UserForm.Services)] = ["Choose at least one service, or give access to every service."];
        }
        return errors;
    }

    /// <summary>The limit to store: null for every service; otherwise the chosen services plus those the user had that the actor cannot see.</summary>
    public static List<Guid>? NewLimit(PortalActor actor, UserForm form, List<Guid>? previousLimit) =>
        form.LimitServices ? [.. Chosen(actor, form, previousLimit).Union(Hidden(actor, previousLimit)).Order()] : null;

    /// <summary>Guards of the Administrator role: not your own, and never the last enabled administrator. Null when allowed.</summary>
    public static async Task<string?> AdministratorGuardAsync(AppDbContext db, PortalActor actor, ApplicationUser user, bool losesAdministrator, CancellationToken ct)
    {
        if (!losesAdministrator)
        {
            return null;
        }
        if (user.Id == actor.UserId)
        {
            return "You cannot take away your own Administrator role.";
        }
        var others = await EnabledAdministrators(db).CountAsync(id => id != user.Id, ct);
        return !user.IsDisabled && others == 0 ? "This is the last enabled administrator: make someone else an administrator first." : null;
    }

    public static async Task<bool> IsAdministratorAsync(AppDbContext db, string? userId, CancellationToken ct) =>
        userId is not null && await AdministratorIds(db).AnyAsync(id => id == userId, ct);

    /// <summary>Identity's own refusals, put at the field they concern.</summary>
    public static Dictionary<string, string[]> FromIdentity(IdentityResult result) =>
        result.Errors.GroupBy(e => e.Code switch
        {
            _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => nameof(UserForm.Password),
            "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => nameof(UserForm.Email),
            _ => "",
        }).ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());

    public static void Merge(this Dictionary<string, string[]> errors, IReadOnlyDictionary<string, string[]> more)
    {
        foreach (var (field, messages) in more)
        {
            errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, .. messages] : messages;
        }
    }

    private static HashSet<Guid> Chosen(PortalActor actor, UserForm form, List<Guid>? previousLimit) => [.. form.Services.Except(Hidden(actor, previousLimit))];

    private static IEnumerable<Guid> Hidden(PortalActor actor, List<Guid>? previousLimit) => previousLimit?.Where(id => !actor.Scope.Includes(id)) ?? [];

    private static IQueryable<string> AdministratorIds(AppDbContext db) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Administrator), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);

    private static IQueryable<string> EnabledAdministrators(AppDbContext db) =>
        AdministratorIds(db).Join(db.Users.Where(u => !u.IsDisabled), id => id, u => u.Id, (id, _) => id);
}
