using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace CallbackPortal.Components.Account;

/// <summary>
/// Checks an open portal page's user again every <see cref="UserSessions.CircuitRevalidationInterval"/>: a user an
/// administrator disabled (or whose roles or two-factor sign-in were changed) loses the page within seconds, not at
/// their next full page load.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        UserSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => UserSessions.CircuitRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A new scope so that the user manager reads fresh data.
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await sessions.IsCurrentAsync(userManager, authenticationState.User);
    }
}
