using System.Security.Claims;
using Bunit.TestDoubles;
using CallbackPortal.Access;
using CallbackPortal.Data;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>A portal user limited to some services, stored in a test database, for pages and services that must filter by scope.</summary>
public static class LimitedUser
{
    public const string Id = "limited-user";

    /// <summary>Stores the user (a callback admin limited to <paramref name="services"/>) and returns how to sign in as them in bUnit.</summary>
    public static async Task<Action<BunitAuthorizationContext>> CreateAsync(TestDatabase database, params Guid[] services)
    {
        await using var db = database.CreateDbContext();
        db.Users.Add(new ApplicationUser { Id = Id, UserName = "limited@example.com", Email = "limited@example.com", ServiceLimit = [.. services] });
        await db.SaveChangesAsync();
        return authorization =>
        {
            authorization.SetAuthorized("limited@example.com");
            authorization.SetRoles(Roles.CallbackAdmin);
            authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, Id));
        };
    }

    /// <summary>The actor a page would build for that user.</summary>
    public static PortalActor Actor(params Guid[] services) => new(Id, "limited@example.com", new ServiceScope(services.ToHashSet()));
}
