using System.Text.RegularExpressions;
using CallbackPortal.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Access;

/// <summary>A non-page endpoint as the app maps it: one method, a URL to call, and who may call it according to its own metadata.</summary>
public sealed record EndpointTarget(string Method, string Pattern, string SampleUrl, string? Policy, bool SignedInOnly, string? ApiKeyScope, bool Anonymous)
{
    /// <summary>Behind the portal's log-in: a policy (a permission) or a bare [Authorize].</summary>
    public bool NeedsSignIn => Policy is not null || SignedInOnly;

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every endpoint the app maps that is not a Blazor page (report CSVs, list downloads, exports, account endpoints, the jobs
/// dashboard, the public and integration APIs), read from the running app's <see cref="EndpointDataSource"/> so a new one is
/// in the matrix the moment it is mapped.
/// </summary>
public static partial class EndpointTargets
{
    public static IReadOnlyList<EndpointTarget> Discover(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Select(e => (Endpoint: e, Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            .Where(e => !IsFramework(e.Pattern) && !IsStaticAsset(e.Endpoint, e.Pattern))
            .SelectMany(e => Methods(e.Endpoint).Select(method => Describe(e.Endpoint, e.Pattern, method)))
            .DistinctBy(t => t.ToString())
            .OrderBy(t => t.Pattern, StringComparer.Ordinal).ThenBy(t => t.Method, StringComparer.Ordinal),
    ];

    private static EndpointTarget Describe(RouteEndpoint endpoint, string pattern, string method)
    {
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        return new EndpointTarget(
            method,
            pattern,
            SampleUrl(pattern),
            anonymous ? null : authorize.Select(a => a.Policy).FirstOrDefault(p => p is not null),
            !anonymous && authorize.Count > 0,
            endpoint.Metadata.GetMetadata<ApiKeyScopeMetadata>()?.Scope,
            anonymous);
    }

    /// <summary>GET when the endpoint answers it (reads are safe to repeat); otherwise each method it maps.</summary>
    private static IEnumerable<string> Methods(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
        return methods.Contains("GET") ? ["GET"] : methods.Where(m => m != "HEAD" && m != "OPTIONS");
    }

    /// <summary>Fills route parameters with plausible values: ids that match nothing, a catch-all left empty.</summary>
    public static string SampleUrl(string pattern)
    {
        var url = Parameter().Replace(pattern, m => m.Value.StartsWith("{**", StringComparison.Ordinal) || m.Value.StartsWith("{*", StringComparison.Ordinal) ? ""
            : m.Value.Contains(":guid", StringComparison.Ordinal) ? "00000000-0000-0000-0000-000000000404"
            : m.Value.Contains(":int", StringComparison.Ordinal) ? "404"
            : m.Value.StartsWith("{documentName", StringComparison.Ordinal) ? "v1" : "sample");
        return url.Length > 1 ? url.TrimEnd('/') : url;
    }

    /// <summary>Blazor's own endpoints, which carry no decision of ours.</summary>
    private static bool IsFramework(string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal) || pattern == "/{**path:file}";

    /// <summary>wwwroot files (MapStaticAssets, public on purpose); CSV downloads and the widget script are endpoints of ours.</summary>
    private static bool IsStaticAsset(RouteEndpoint endpoint, string pattern) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && pattern.Contains('.', StringComparison.Ordinal)
        && !pattern.Contains('{', StringComparison.Ordinal) && !pattern.StartsWith("/widget/", StringComparison.Ordinal);

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex Parameter();
}
