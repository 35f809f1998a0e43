using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CallbackPortal.Data;
using CallbackPortal.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>
/// CORS for the consumer API, decided per service from the origins stored in the database at request time
/// (a change applies within <see cref="CacheFor"/>, no restart). A request from an origin the service does not
/// allow gets no CORS headers, a 403 problem <c>origin-not-allowed</c>, and a row in the CORS rejections log.
/// Requests without an Origin header (servers, apps) and same-origin requests are not cross-origin and pass.
/// </summary>
public sealed partial class ServiceCors(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private static readonly string[] ExposedHeaders = ["Location", "Retry-After", "X-Correlation-ID", "Idempotent-Replayed"];
    private static readonly string[] AllowedHeaders = ["Content-Type", "Authorization", "Idempotency-Key", "X-Correlation-ID"];

    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Origins, DateTimeOffset Until)> cache = new(StringComparer.Ordinal);

    /// <summary>Forget a service's cached origins (after an edit in the portal).</summary>
    public void Forget(string serviceKey) => cache.TryRemove(serviceKey, out _);

    public async Task<IReadOnlyList<string>> OriginsOfAsync(string serviceKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(serviceKey, out var entry) && entry.Until > now)
        {
            return entry.Origins;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var origins = await db.CallbackServices.AsNoTracking().Where(s => s.Key == serviceKey).Select(s => s.AllowedOrigins).SingleOrDefaultAsync(ct) ?? [];
        cache[serviceKey] = (origins, now + CacheFor);
        return origins;
    }

    /// <summary>The service a consumer API path belongs to: from the path, the <c>service</c> query, the callback's own service, or a click-to-call group's target service.</summary>
    public async Task<string?> ServiceOfAsync(HttpRequest request, CancellationToken ct)
    {
        var path = request.Path.Value ?? "";
        var match = ServicePath().Match(path);
        if (match.Success)
        {
            return Uri.UnescapeDataString(match.Groups["service"].Value);
        }
        match = CallbackPath().Match(path);
        if (match.Success && Guid.TryParse(match.Groups["id"].Value, out var id))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Callbacks.AsNoTracking().Where(c => c.Id == id)
                .Join(db.CallbackServices, c => c.ServiceId, s => s.Id, (c, s) => s.Key).SingleOrDefaultAsync(ct);
        }
        // Only the challenge and lifecycle endpoints name their service in the query; anywhere else a query cannot choose the service.
        if (ChallengePath().IsMatch(path) || LifecyclePath().IsMatch(path))
        {
            var query = request.Query["service"].ToString();
            return query.Length is > 0 and <= 64 ? query : null;
        }
        // A click-to-call request names its group in the query; the group's target service's origins apply.
        if (ClickToCallRequestsPath().IsMatch(path))
        {
            var group = request.Query["group"].ToString();
            if (group.Length is 0 or > 64)
            {
                return null;
            }
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.ClickToCallGroups.AsNoTracking().Where(g => g.Key == group)
                .Join(db.CallbackServices, g => g.TargetServiceId, s => s.Id, (g, s) => s.Key).SingleOrDefaultAsync(ct);
        }
        return null;
    }

    public static void AddHeaders(HttpResponse response, string origin, bool preflight)
    {
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append("Vary", "Origin");
        headers.AccessControlExposeHeaders = string.Join(", ", ExposedHeaders);
        if (preflight)
        {
            headers.AccessControlAllowMethods = "GET, POST, PUT, PATCH, DELETE";
            headers.AccessControlAllowHeaders = string.Join(", ", AllowedHeaders);
            headers.AccessControlMaxAge = "600";
        }
    }

    /// <summary>True for the per-callback paths, where a refusal must not tell whether the id exists.</summary>
    public static bool IsCallbackPath(PathString path) => CallbackPath().IsMatch(path.Value ?? "");

    // Routing ignores case, so these do too: /API/V1/... must not escape the service's own origins.
    [GeneratedRegex("^/api/v1/services/(?<service>[^/]{1,64})(/|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ServicePath();

    /// <summary>A callback's own path and its push subscriptions' (<c>/push</c>, <c>/push/{subscriptionId}</c>).</summary>
    [GeneratedRegex("^/api/v1/callbacks/(?<id>[^/]+)(/push(/[^/]+)?)?/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CallbackPath();

    [GeneratedRegex("^/api/v1/captcha/challenge/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ChallengePath();

    [GeneratedRegex("^/api/v1/click-to-call/requests/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClickToCallRequestsPath();

    [GeneratedRegex("^/api/v1/lifecycle/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LifecyclePath();
}

/// <summary>Applies <see cref="ServiceCors"/> to the consumer API.</summary>
public sealed class ServiceCorsMiddleware(RequestDelegate next, ServiceCors cors, DiagnosticsLog log, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSameOrigin(request, origin))
        {
            await next(context);
            return;
        }
        var preflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");
        var service = await cors.ServiceOfAsync(request, context.RequestAborted);
        var allowed = service is not null && AllowedOrigins.Allows(await cors.OriginsOfAsync(service, context.RequestAborted), origin);
        if (!allowed)
        {
            log.Record(new CorsRejection
            {
                At = clock.GetUtcNow(),
                Origin = origin,
                Service = service,
                Method = preflight ? $"OPTIONS {request.Headers.AccessControlRequestMethod}" : request.Method,
                Path = request.Path.Value ?? "",
            });
            // On a callback's own path the refusal looks like any unknown id, so a foreign origin learns nothing about which ids exist.
            var refusal = ServiceCors.IsCallbackPath(request.Path)
                ? ApiProblems.Problem("not-found", "No callback with this id and access token.")
                : ApiProblems.Problem("origin-not-allowed", "This origin may not call this service's API from a browser.", service: service);
            await refusal.ExecuteAsync(context);
            return;
        }
        ServiceCors.AddHeaders(context.Response, origin, preflight);
        if (preflight)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await next(context);
    }

    public static bool IsSameOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
}
