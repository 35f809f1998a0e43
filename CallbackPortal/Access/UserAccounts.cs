using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace CallbackPortal.Access;

/// <param name="ServiceLimit">The services the user may see and change; null for every service.</param>
public sealed record NewUser(string Email, string DisplayName, string Password, IReadOnlyCollection<string> Roles, List<Guid>? ServiceLimit = null);

/// <summary>Creates portal users and assigns their roles; used by first-run setup and by administrators.</summary>
public sealed class UserAccounts(UserManager<ApplicationUser> users, TimeProvider clock)
{
    public async Task<IdentityResult> CreateAsync(NewUser request)
    {
        var unknown = request.Roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            return IdentityResult.Failed(new IdentityError { Code = "UnknownRole", Description = $"Unknown role: {string.Join(", ", unknown)}." });
        }
        var email = request.Email.Trim();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            // Accounts are created by an administrator who vouches for the address; no e-mail is sent.
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email : request.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
            ServiceLimit = request.ServiceLimit,
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return created;
        }
        return request.Roles.Count == 0 ? created : await users.AddToRolesAsync(user, request.Roles);
    }
}
