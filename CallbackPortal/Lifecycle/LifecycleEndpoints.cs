using CallbackPortal.Callbacks;
using CallbackPortal.PublicApi;

namespace CallbackPortal.Lifecycle;

/// <summary>
/// <c>POST /api/v1/lifecycle</c>: the widget's interaction-lifecycle events in batches. The widget sends them with
/// <c>fetch(…, {keepalive: true})</c> and <c>navigator.sendBeacon</c> as <c>text/plain</c> (no CORS preflight), so plain
/// text is read as JSON too. From a browser on another origin every event must belong to the <c>?service=</c> whose
/// origins let the request through (<see cref="ServiceCors"/>); servers and apps (no Origin) may report for any service.
/// </summary>
public static class LifecycleEndpoints
{
    public const string Path = "/lifecycle";

    public static RouteGroupBuilder MapLifecycleEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost(Path, ReceiveAsync)
            .WithName("WidgetLifecycle").WithSummary("Widget interaction-lifecycle events, 1-50 per batch (application/json or text/plain)")
            .Accepts<LifecycleEventBody[]>("application/json", "text/plain")
            .Produces<LifecycleReceipt>(StatusCodes.Status202Accepted)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413).ProducesProblem(429);
        return api;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, LifecycleIntake intake, TimeProvider clock, CancellationToken ct)
    {
        var service = request.Query["service"].ToString();
        try
        {
            var body = await JsonBody.ReadAsync<List<LifecycleEventBody?>>(request, ct, acceptPlainText: true);
            var received = clock.GetUtcNow();
            var events = LifecycleBatch.Validate(body.Value, received);
            var origin = request.Headers.Origin.ToString();
            if (origin.Length > 0 && !ServiceCorsMiddleware.IsSameOrigin(request, origin))
            {
                RequireQueryService(events, service);
            }
            var receipt = await intake.StoreAsync(events, origin.Length > 0 ? origin : null, received, ct);
            return Results.Json(receipt, JsonBody.Options, statusCode: StatusCodes.Status202Accepted);
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e, service is { Length: > 0 and <= 64 } ? service : null);
        }
    }

    /// <summary>The page's origin was allowed for the query's service only, so it may report for that service only.</summary>
    private static void RequireQueryService(IReadOnlyList<LifecycleEventInput> events, string service)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < events.Count; i++)
        {
            if (!string.Equals(events[i].Service, service, StringComparison.Ordinal))
            {
                errors[$"[{i}].service"] = ["From a browser, every event must be of the service named in the ?service= query."];
            }
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "Some lifecycle events are not of the service this page may report for; nothing was stored.", errors);
        }
    }
}
