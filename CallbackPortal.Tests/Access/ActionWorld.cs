using System.Security.Claims;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// An app of its own (actions change things) with two services, a queued callback in each, and a callback admin limited
/// to the first: "mine" and "theirs" as the service-limited user sees them.
/// </summary>
public sealed class ActionWorld : IAsyncLifetime
{
    public const string Limited = "limited (CallbackAdmin)";
    public const string LimitedUserEmail = "limited-actions@example.test";

    public PortalHost Host { get; private set; } = default!;

    public ActionTarget Mine { get; private set; } = default!;

    public ActionTarget Theirs { get; private set; } = default!;

    /// <summary>A name only the service outside the limit has, to look for in what an action shows.</summary>
    public string TheirName { get; } = "Outside-" + Guid.NewGuid().ToString("N")[..10];

    public static IReadOnlyList<string> Callers { get; } = [.. Roles.All, Limited];

    public async Task InitializeAsync()
    {
        Host = new PortalHost();
        Mine = await TargetAsync("Inside-" + Guid.NewGuid().ToString("N")[..10], "+12025550143");
        Theirs = await TargetAsync(TheirName, "+12025550144");
        await Host.CreateUserAsync(LimitedUserEmail, SharedPortal.Password, Roles.CallbackAdmin);
        await using var db = await ApiServices.DbAsync(Host);
        var user = await db.Users.SingleAsync(u => u.Email == LimitedUserEmail);
        user.ServiceLimit = [Mine.ServiceId];
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The actor a page builds for the caller (real <see cref="PortalActors"/>: the stored limit, the stored role matrix).</summary>
    public async Task<PortalActor> ActorAsync(string caller)
    {
        string userId = "matrix-" + caller, role = caller;
        if (caller == Limited)
        {
            await using var db = await ApiServices.DbAsync(Host);
            userId = await db.Users.Where(u => u.Email == LimitedUserEmail).Select(u => u.Id).SingleAsync();
            role = Roles.CallbackAdmin;
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, caller), new Claim(ClaimTypes.Role, role)], "matrix");
        return await Host.Services.GetRequiredService<PortalActors>().ForAsync(new ClaimsPrincipal(identity));
    }

    public static string PermissionRoleOf(string caller) => caller == Limited ? Roles.CallbackAdmin : caller;

    private async Task<ActionTarget> TargetAsync(string name, string phone)
    {
        var (service, callback) = await ApiServices.CreateWithCallbackAsync(Host, name, phone);
        return new ActionTarget(service.Id, callback);
    }
}
