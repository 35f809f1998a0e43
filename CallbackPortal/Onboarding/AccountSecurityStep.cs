using System.Security.Claims;
using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace CallbackPortal.Onboarding;

/// <summary>Administrators hold the keys to the phone bill: their own account should have two-factor sign-in.</summary>
public sealed class AccountSecurityStep(UserManager<ApplicationUser> users) : ISetupStep
{
    public int Order => 900;
    public string Title => "Protect your account with two-factor authentication";
    public string Description => "An authenticator app code at each log-in keeps a leaked password from opening the portal.";
    public string Permission => Permissions.Users.Manage;
    public string Href => "/Account/Manage/TwoFactorAuthentication";
    public string LinkText => "Set up an authenticator app";

    public async Task<bool> IsDoneAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var account = await users.GetUserAsync(user);
        return account is not null && await users.GetTwoFactorEnabledAsync(account);
    }
}
