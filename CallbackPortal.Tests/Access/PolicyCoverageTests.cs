using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Access;

/// <summary>Every page and endpoint states who may use it; the public ones are named here, on purpose.</summary>
[Collection(PortalCollection.Name)]
public sealed class PolicyCoverageTests(SharedPortal portal)
{
    private static readonly HashSet<string> PublicPages =
    [
        "/Account/AccessDenied", "/Account/InvalidUser", "/Account/Lockout", "/Account/Login", "/Account/LoginWith2fa",
        "/Account/LoginWithRecoveryCode", "/error", "/not-found", "/setup", "/status/{Code:int}",
    ];

    /// <summary>
    /// Health for load balancers; log-out; the consumer API (a callback is reached only with its access token);
    /// a click-to-call reservation (an access number, never another caller's context);
    /// telephony webhooks and the carrier simulator, whose authorization is the provider's signature or account.
    /// </summary>
    private static readonly string[] PublicEndpointPrefixes =
        ["/health/", "/Account/Logout", "/api/v1/services/{service}/", "/api/v1/callbacks/{id:guid}", "/api/v1/captcha/challenge", "/api/v1/lifecycle", "/api/v1/click-to-call/requests", "/telephony/",
            "/widget/v1/callback.js",
            "/widget/v1/callback-sw.js",
            "/openapi/{documentName}.json", "/api-reference/"];

    [Fact]
    public void EveryRoutablePageStatesItsPolicy()
    {
        var silent = RoutablePages.All.Where(p => !p.Anonymous && !RoutablePages.HasAuthorize(p.Component)).ToList();
        Assert.True(silent.Count == 0, "Pages with neither [Authorize] nor [AllowAnonymous]: " + string.Join(", ", silent));
    }

    [Fact]
    public void OnlyTheListedPagesArePublic()
    {
        var anonymous = RoutablePages.All.Where(p => p.Anonymous).Select(p => p.Template).ToHashSet();
        Assert.Equal(PublicPages.Order(), anonymous.Order());
    }

    [Fact]
    public void EveryPolicyNamesAKnownPermission()
    {
        foreach (var page in RoutablePages.All.Where(p => p.Policy is not null))
        {
            Assert.True(Permissions.Exists(page.Policy!), $"{page.Template} uses unknown policy {page.Policy}");
        }
    }

    [Fact]
    public void EveryEndpointStatesItsPolicy()
    {
        var endpoints = portal.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var silent = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => (e.RoutePattern.RawText ?? "?") + " [" + e.DisplayName + "]")
            .Where(p => !IsBlazorFramework(p) && !IsStaticAssetFallback(p))
            .ToList();
        Assert.True(silent.Count == 0, "Endpoints without an authorization decision: " + string.Join(", ", silent));
    }

    [Fact]
    public void AnonymousEndpointsAreOnlyTheListedOnes()
    {
        var endpoints = portal.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            // Integration endpoints need no portal sign-in but an API key with their scope (ApiKeyAuthentication).
            .Where(e => e.Metadata.GetMetadata<ApiKeyScopeMetadata>() is null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !IsStaticAsset(p))
            .ToList();
        var unexpected = anonymous.Where(p => !PublicEndpointPrefixes.Any(prefix => p.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "Anonymous endpoints nobody listed: " + string.Join(", ", unexpected));
    }

    private static bool IsBlazorFramework(string pattern) =>
        pattern.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal) || pattern.TrimStart('/').StartsWith("_framework", StringComparison.Ordinal);

    /// <summary>MapStaticAssets' own file fallback (wwwroot files only) carries no metadata of ours.</summary>
    private static bool IsStaticAssetFallback(string pattern) => pattern == "{**path:file} [Fallback {**path:file}]";

    /// <summary>wwwroot files (MapStaticAssets); the widget script is served by an endpoint of ours and is listed above.</summary>
    private static bool IsStaticAsset(string pattern) =>
        pattern.Contains('.', StringComparison.Ordinal) && !pattern.Contains('{', StringComparison.Ordinal) && !pattern.StartsWith("/widget/", StringComparison.Ordinal);
}
