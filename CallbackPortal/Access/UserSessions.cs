using System.Collections.Concurrent;
using System.Security.Claims;
using CallbackPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Access;

/// <summary>
/// Ends a user's signed-in sessions when an administrator disables them, changes their roles or resets their
/// two-factor sign-in. Each of those changes the user's security stamp; a session carries the stamp it signed in
/// with, and is over once that stamp is no longer the user's.
/// <list type="bullet">
/// <item>On this node at once: the ended stamp is remembered, and every request (cookie) is checked against it.</item>
/// <item>On other nodes: the cookie's stamp is compared with the database every
/// <see cref="SecurityStampValidatorOptions.ValidationInterval"/>; open Blazor circuits every <see cref="CircuitRevalidationInterval"/>.</item>
/// </list>
/// </summary>
public sealed class UserSessions(TimeProvider clock, IOptions<SecurityStampValidatorOptions> stampOptions, IOptions<IdentityOptions> identityOptions)
{
    /// <summary>How often an open portal page (a Blazor circuit) checks that its user may still be signed in.</summary>
    public static readonly TimeSpan CircuitRevalidationInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(string UserId, string Stamp), DateTimeOffset> ended = new();

    private string StampClaimType => identityOptions.Value.ClaimsIdentity.SecurityStampClaimType;

    /// <summary>Ends every session of the user that signed in with <paramref name="stamp"/> (the stamp before the change).</summary>
    public void End(string userId, string? stamp)
    {
        var now = clock.GetUtcNow();
        // After the validation interval the stamp check itself refuses those sessions on every node; no need to remember longer.
        var keep = 2 * stampOptions.Value.ValidationInterval;
        foreach (var old in ended.Where(e => now - e.Value > keep))
        {
            ended.TryRemove(old.Key, out _);
        }
        if (stamp is not null)
        {
            ended[(userId, stamp)] = now;
        }
    }

    /// <summary>True when this node knows the session's stamp was ended (no database read).</summary>
    public bool HasEnded(ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
        && principal.FindFirstValue(StampClaimType) is { } stamp
        && ended.ContainsKey((userId, stamp));

    /// <summary>Whether the signed-in <paramref name="principal"/> still holds: the user exists, is enabled, and has the same stamp.</summary>
    public async Task<bool> IsCurrentAsync(UserManager<ApplicationUser> users, ClaimsPrincipal principal)
    {
        if (HasEnded(principal) || await users.GetUserAsync(principal) is not { } user || user.IsDisabled)
        {
            return false;
        }
        return !users.SupportsUserSecurityStamp || principal.FindFirstValue(StampClaimType) == await users.GetSecurityStampAsync(user);
    }

    /// <summary>The portal cookie's validation: sessions ended on this node are refused at once, then Identity's periodic stamp check.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && context.HttpContext.RequestServices.GetRequiredService<UserSessions>().HasEnded(principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
