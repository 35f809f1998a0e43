using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.PublicApi;

namespace CallbackPortal.Diagnostics;

/// <summary>
/// Records every API request that ends in a 4xx or 5xx in the error log: time, service, origin, the client's
/// address as a keyed hash, status, stable code, detail and the rule that refused it.
/// </summary>
public sealed class ApiErrorLogging(RequestDelegate next, DiagnosticsLog log, InstallationKeys keys, TimeProvider clock, ILogger<ApiErrorLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await RecordAsync(context, StatusCodes.Status500InternalServerError, new ApiFailure("internal-error", e.GetType().Name, null, null));
            throw;
        }
        if (context.Response.StatusCode >= 400)
        {
            var failure = context.Items.TryGetValue(ApiFailure.ItemKey, out var item) && item is ApiFailure f ? f
                : new ApiFailure(context.Response.StatusCode == 429 ? "too-many-requests" : $"http-{context.Response.StatusCode}", null, null, null);
            await RecordAsync(context, context.Response.StatusCode, failure);
        }
    }

    private async Task RecordAsync(HttpContext context, int status, ApiFailure failure)
    {
        var request = context.Request;
        log.Record(new ApiErrorEntry
        {
            At = clock.GetUtcNow(),
            Service = failure.Service ?? context.GetRouteValue("service") as string ?? NullIfEmpty(request.Query["service"].ToString()),
            Method = request.Method,
            Path = request.Path.Value ?? "",
            Origin = NullIfEmpty(request.Headers.Origin.ToString()),
            ClientHash = await HashAsync(context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted),
            Status = status,
            Code = failure.Code,
            Detail = failure.Detail,
            Rule = failure.Rule,
            CorrelationId = context.TraceIdentifier,
        });
    }

    private async Task<string?> HashAsync(string? address, CancellationToken ct)
    {
        if (address is null)
        {
            return null;
        }
        var key = await keys.GetAsync("client-address", ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(address)))[..32];
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
