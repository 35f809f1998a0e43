using System.Globalization;
using CallbackPortal.Callbacks;

namespace CallbackPortal.PublicApi;

/// <summary>What went wrong with an API request, left on the HttpContext for the error log.</summary>
public sealed record ApiFailure(string Code, string? Detail, string? Rule, string? Service)
{
    public const string ItemKey = "callbackportal.api-failure";
}

/// <summary>The one place that maps a domain error code to an HTTP status and an RFC 9457 problem.</summary>
public static class ApiProblems
{
    public static int StatusFor(string code) => code switch
    {
        "unknown-service" or "unknown-agent" or "not-found" or "unknown-group" or "no-match" => StatusCodes.Status404NotFound,
        "api-key-missing" or "api-key-invalid" => StatusCodes.Status401Unauthorized,
        "api-key-scope" => StatusCodes.Status403Forbidden,
        "office-closed" or "slot-full" or "queue-full" or "duplicate-in-queue" or "not-cancellable" or "not-reschedulable"
            or "illegal-transition" or "agent-busy" or "preview-not-pending" or "idempotency-in-flight" or "conflict"
            or "not-subscribable" or "too-many-subscriptions" or "call-in-progress" => StatusCodes.Status409Conflict,
        "idempotency-key-reused" => StatusCodes.Status422UnprocessableEntity,
        "origin-not-allowed" => StatusCodes.Status403Forbidden,
        "payload-too-large" => StatusCodes.Status413PayloadTooLarge,
        "unsupported-media-type" => StatusCodes.Status415UnsupportedMediaType,
        "too-many-requests" => StatusCodes.Status429TooManyRequests,
        "engine-unavailable" or "pool-exhausted" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult From(DomainException e, string? service = null) =>
        Problem(e.Code, e.Message, e.Errors, e.Rule, e.RetryAfter, service);

    public static IResult Problem(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null, string? rule = null,
        TimeSpan? retryAfter = null, string? service = null) =>
        new ProblemResult(code, detail, errors, rule, retryAfter, service);

    private static string Title(string code) => code switch
    {
        "validation-failed" => "Some fields are not valid",
        "unknown-service" => "Unknown service",
        "not-found" => "Not found",
        "api-key-missing" => "API key missing",
        "api-key-invalid" => "API key not valid",
        "api-key-scope" => "API key lacks the scope",
        _ => char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' '),
    };

    /// <summary>Problems the framework writes itself (malformed JSON, unknown route) still carry a stable code.</summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            return;
        }
        var code = context.ProblemDetails.Status switch
        {
            StatusCodes.Status400BadRequest => "validation-failed",
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status404NotFound => "not-found",
            StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
            StatusCodes.Status413PayloadTooLarge => "payload-too-large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
            StatusCodes.Status429TooManyRequests => "too-many-requests",
            _ => "internal-error",
        };
        context.ProblemDetails.Extensions["code"] = code;
        context.HttpContext.Items.TryAdd(ApiFailure.ItemKey, new ApiFailure(code, context.ProblemDetails.Detail ?? context.ProblemDetails.Title, null, null));
    }

    /// <summary>Writes the problem and leaves its code, detail and rule for the error log.</summary>
    private sealed class ProblemResult(string code, string detail, IReadOnlyDictionary<string, string[]>? errors, string? rule, TimeSpan? retryAfter,
        string? service) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = code };
            if (errors is not null)
            {
                extensions["errors"] = errors;
            }
            if (rule is not null)
            {
                extensions["rule"] = rule;
            }
            if (retryAfter is { } wait)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            httpContext.Items[ApiFailure.ItemKey] = new ApiFailure(code, detail, rule, service);
            return Results.Problem(detail: detail, statusCode: StatusFor(code), title: Title(code), type: $"https://callbackportal.dev/problems/{code}",
                extensions: extensions).ExecuteAsync(httpContext);
        }
    }
}
