using System.Security.Claims;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;

namespace CallbackPortal.CallbackList;

/// <summary>Who reads or acts on the callback list: their services, and whether they hold <c>callbacks.manage</c> now.</summary>
public sealed record ListReader(PortalActor Actor, bool MayManage)
{
    /// <summary>The server's check behind every list action (pages hide the buttons; this refuses whatever gets through).</summary>
    public void RequireManage()
    {
        if (!MayManage)
        {
            throw new DomainException("forbidden", "You may look at callbacks but not change them (that needs the callbacks.manage permission).");
        }
    }

    public string Phone(string? number) => PhoneMasking.Show(number, MayManage);
}

/// <summary>Builds a <see cref="ListReader"/> from the signed-in user, reading their service limit and the role matrix afresh.</summary>
public sealed class ListReaders(PortalActors actors, PermissionStore permissions)
{
    public async Task<ListReader> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        var mayManage = user.Identity?.IsAuthenticated == true && await permissions.HasPermissionAsync(roles, Permissions.Callbacks.Manage, ct);
        return new ListReader(actor, mayManage);
    }
}
