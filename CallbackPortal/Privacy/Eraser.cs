using CallbackPortal.Access;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Privacy;

/// <summary>Who asks for an erasure, and whether they hold <c>privacy.erase</c> now (a page asks the policy; an API key with the privacy scope does).</summary>
public sealed record Eraser(PortalActor Actor, bool MayErase)
{
    public const string NotPermitted = "Erasing personal data needs the privacy.erase permission.";
    public const string Limited = "An erasure covers every service; a user limited to some services cannot erase.";

    /// <summary>The server's check behind the page and the endpoint: the permission, and a scope over every service.</summary>
    public void Require()
    {
        if (!MayErase)
        {
            throw new DomainException("forbidden", NotPermitted);
        }
        if (Actor.Scope.IsLimited)
        {
            throw new DomainException("service-not-allowed", Limited);
        }
    }

    /// <summary>An integration that presented a key with <see cref="ApiKeyScopes.Privacy"/> (the endpoint filter checked it).</summary>
    public static Eraser ForApiKey(ApiKey key) => new(new PortalActor(null, $"API key {key.Name} ({key.Prefix}…)", ServiceScope.Everything), MayErase: true);
}
