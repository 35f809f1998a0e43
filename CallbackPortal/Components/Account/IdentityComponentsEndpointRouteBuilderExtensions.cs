using CallbackPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>The one Identity endpoint the account pages post to that is not a page: log out (antiforgery-checked form post).</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var accountGroup = endpoints.MapGroup("/Account");
        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            var target = "~/" + (returnUrl ?? "").TrimStart('/');
            return TypedResults.LocalRedirect(returnUrl is null || returnUrl.Contains("//", StringComparison.Ordinal) || returnUrl.Contains('\\') ? "~/" : target);
        }).AllowAnonymous();
        return accountGroup;
    }
}
