using CallbackPortal.Callbacks;

namespace CallbackPortal.PublicApi;

/// <summary>The one place that maps a domain error code to an HTTP status and an RFC 9457 problem.</summary>
public static class ApiProblems
{
    public static int StatusFor(string code) => code switch
    {
        "unknown-service" or "not-found" => StatusCodes.Status404NotFound,
        "office-closed" or "slot-full" or "queue-full" or "duplicate-in-queue" or "not-cancellable" or "not-reschedulable"
            or "illegal-transition" or "agent-busy" or "preview-not-pending" => StatusCodes.Status409Conflict,
        "too-many-requests" => StatusCodes.Status429TooManyRequests,
        "engine-unavailable" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult From(DomainException e) => Problem(e.Code, e.Message, e.Errors);

    public static IResult Problem(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }
        return Results.Problem(detail: detail, statusCode: StatusFor(code), title: Title(code), type: $"https://callbackportal.dev/problems/{code}", extensions: extensions);
    }

    private static string Title(string code) => code switch
    {
        "validation-failed" => "Some fields are not valid",
        "unknown-service" => "Unknown service",
        "not-found" => "Not found",
        _ => char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' '),
    };

    /// <summary>Problems the framework writes itself (malformed JSON, unknown route) still carry a stable code.</summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            return;
        }
        context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
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
    }
}
