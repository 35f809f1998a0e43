using CallbackPortal.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CallbackPortal.Components.Shared;

/// <summary>
/// A page that changes things: knows who is acting (for the audit log) and which services they may touch. The actor
/// is read afresh on each call so a changed service limit applies to the next action, not the next login.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private PortalActors Actors { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    /// <summary>Whether the signed-in user holds <paramref name="permission"/> now (for what a page offers; actions check again on the server).</summary>
    protected async Task<bool> MayAsync(string permission)
    {
        if (AuthenticationState is null)
        {
            return false;
        }
        return (await Authorization.AuthorizeAsync((await AuthenticationState).User, permission)).Succeeded;
    }

    protected async Task<PortalActor> ActorAsync()
    {
        if (AuthenticationState is null)
        {
            return new PortalActor(null, "unknown", new ServiceScope(new HashSet<Guid>()));
        }
        return await Actors.ForAsync((await AuthenticationState).User);
    }
}
