using System.Reflection;
using CallbackPortal.Access;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>How an endpoint is called: its callers, authorization and body format differ.</summary>
public enum EndpointFamily
{
    /// <summary>Anonymous consumer API (JSON, CORS per service, rate limited).</summary>
    Consumer,

    /// <summary>API-key endpoints, called with a valid key of their scope so the rest of the request is what gets tested.</summary>
    Integration,

    /// <summary>Provider webhooks (form bodies), signed with the account's token so the body is what gets tested.</summary>
    TelephonyWebhook,

    /// <summary>The built-in carrier simulator's Calls API (Basic auth, form bodies).</summary>
    CarrierSimulator,

    /// <summary>The widget's scripts.</summary>
    Widget,
}

/// <summary>One method of one endpoint of the running app, with what the corpus needs to fill it in.</summary>
public sealed record CorpusEndpoint(string Template, string Method, EndpointFamily Family, Type? BodyType, IReadOnlyList<string> RouteNames,
    IReadOnlyList<string> QueryNames, string? ApiKeyScope)
{
    public string Name => $"{Method} /{Template}";
}

/// <summary>Reads the public and integration endpoints from the app's own endpoint data source, so a new endpoint joins the corpus by itself.</summary>
public static class CorpusEndpoints
{
    private static readonly HashSet<Type> QueryTypes = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(Guid), typeof(DateTimeOffset), typeof(DateOnly)];

    public static IReadOnlyList<CorpusEndpoint> From(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(Describe)
            .OrderBy(e => e.Template, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];

    private static IEnumerable<CorpusEndpoint> Describe(RouteEndpoint endpoint)
    {
        var template = (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
        var scope = endpoint.Metadata.GetMetadata<ApiKeyScopeMetadata>()?.Scope;
        EndpointFamily? family = template switch
        {
            _ when template.StartsWith("api/v1/", StringComparison.Ordinal) => scope is null ? EndpointFamily.Consumer : EndpointFamily.Integration,
            _ when template.StartsWith("widget/", StringComparison.Ordinal) => EndpointFamily.Widget,
            _ when template.StartsWith("telephony/twilio/", StringComparison.Ordinal) => EndpointFamily.TelephonyWebhook,
            _ when template.StartsWith("telephony/simulator/", StringComparison.Ordinal) => EndpointFamily.CarrierSimulator,
            _ => null,
        };
        if (family is null)
        {
            yield break;
        }
        var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
        var handler = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        var queryNames = handler?.GetParameters()
            .Where(p => p.Name is not null && !routeNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase)
                && QueryTypes.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Select(p => p.Name!)
            .ToList() ?? [];
        if (template.StartsWith("api/v1/lifecycle", StringComparison.Ordinal) || template.StartsWith("api/v1/click-to-call/requests", StringComparison.Ordinal))
        {
            // Read from the query by hand (?service=, ?group=): the origin check of a browser's request depends on them.
            queryNames.Add(template.Contains("lifecycle", StringComparison.Ordinal) ? "service" : "group");
        }
        var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
        {
            yield return new CorpusEndpoint(template, method, family.Value, body, routeNames, queryNames, scope);
        }
    }
}
