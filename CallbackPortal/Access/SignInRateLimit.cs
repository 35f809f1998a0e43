using System.Net;
using System.Threading.RateLimiting;
using CallbackPortal.Hosting;
using CallbackPortal.PublicApi;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Access;

/// <summary>
/// Sign-in attempts counted per client address. Identity's lockout counts per account, so one address trying a few
/// passwords on each of many accounts (password spraying) stays under every lockout; this limit refuses it.
/// On PostgreSQL the attempts are counted in the database, like the public API's limit, so it holds across nodes.
/// </summary>
public static class SignInRateLimit
{
    private static readonly string[] SignInPages = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    /// <summary>A submitted sign-in form: a password, a two-factor code or a recovery code.</summary>
    public static bool IsAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && SignInPages.Any(page => request.Path.Equals(page, StringComparison.OrdinalIgnoreCase));

    public static RateLimitPartition<string> PartitionFor(HttpContext context)
    {
        if (!IsAttempt(context.Request))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }
        var settings = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var partition = "sign-in:" + ClientAddress.PartitionOf(context.Connection.RemoteIpAddress);
        var window = TimeSpan.FromMinutes(settings.SignInWindowMinutes);
        var shared = context.RequestServices.GetService<DatabaseRateLimits>();
        if (shared is not null)
        {
            return RateLimitPartition.Get(partition, key => new DatabaseRateLimiter(shared, key, settings.SignInAttemptsPerAddress, window));
        }
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.SignInAttemptsPerAddress,
            Window = window,
            QueueLimit = 0,
        });
    }

    /// <summary>A page for the person at the form (the status pages would re-run the POST).</summary>
    public static async Task RefuseAsync(HttpContext context, TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many sign-in attempts</title></head><body>"
            + "<h1>Too many sign-in attempts</h1>"
            + $"<p>Too many sign-in attempts came from your address. Wait {minutes} minute{(minutes == 1 ? "" : "s")} and try again.</p>"
            + "<p><a href=\"/Account/Login\">Back to sign-in</a></p></body></html>", context.RequestAborted);
    }
}
