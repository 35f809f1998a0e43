using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace CallbackPortal.Access;

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Grants a permission policy when one of the user's roles holds that permission in the stored matrix.</summary>
public sealed class PermissionAuthorizationHandler(PermissionStore store) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var roles = context.User.FindAll(ClaimTypes.Role).Select(c => c.Value);
        if (await store.HasPermissionAsync(roles, requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }
}

public static class PermissionPolicies
{
    /// <summary>One policy per permission, named after it.</summary>
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Permissions.All)
        {
            builder.AddPolicy(permission.Name, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission.Name)));
        }
        return builder;
    }
}
