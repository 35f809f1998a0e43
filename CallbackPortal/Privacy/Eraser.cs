using CallbackPortal.Access;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Privacy;

/// <summary>Who may erase: an actor holding <c>privacy.erase</c> now, over every service (a page's actor, or an API key with the privacy scope).</summary>
public static class Eraser
{
    public const string Limited = "An erasure covers every service; a user limited to some services cannot erase.";

    /// <summary>The server's check behind the page and the endpoint: the permission, and a scope over every service.</summary>
    public static void Require(PortalActor actor)
    {
        actor.RequirePermission(Permissions.Privacy.Erase);
        if (actor.Scope.IsLimited)
        {
            throw new DomainException("service-not-allowed", Limited);
        }
    }

    /// <summary>An integration that presented a key with <see cref="ApiKeyScopes.Privacy"/> (the endpoint filter checked it): it holds the erasure permission and nothing else.</summary>
    public static PortalActor ForApiKey(ApiKey key) =>
        new(null, $"API key {key.Name} ({key.Prefix}…)", ServiceScope.Everything, new HashSet<string> { Permissions.Privacy.Erase });
}
