using System.Buffers.Text;
using System.Security.Cryptography;

namespace CallbackPortal.Hosting;

/// <summary>
/// The browser-facing hardening headers of every response. Portal pages (Blazor, the Identity pages, the Hangfire
/// dashboard, the API reference, the downloads) get a Content-Security-Policy with a per-request script nonce and may
/// not be framed by anyone. Machine endpoints (<c>/api</c>, <c>/widget</c>, <c>/telephony</c>, <c>/health</c>) are never
/// documents: they get a policy that forbids everything, which a browser ignores for the widget's script and for
/// JSON a customer's page fetches, so embedding on allowed origins keeps working (CORS and Cross-Origin-Resource-Policy
/// are set by those endpoints themselves).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>
    /// Portal URLs carry callback ids and list filters: they never leave the portal as a referrer. The widget is not
    /// affected: its page's referrer is the customer's page and follows the customer's own policy.
    /// </summary>
    public const string ReferrerPolicy = "same-origin";

    /// <summary>For responses that are not documents: nothing may load, nothing may frame them.</summary>
    public const string MachinePolicy = "default-src 'none'; frame-ancestors 'none'";

    private const string NonceKey = "CallbackPortal.CspNonce";

    /// <summary>The nonce of this response's script-src (for the import map and the API reference's inline script).</summary>
    public static string NonceOf(HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("The security headers middleware runs first in the pipeline.");

    /// <summary>
    /// MudBlazor writes its theme as a style element and sizes things with style attributes, and Hangfire's dashboard
    /// uses style attributes: styles may be inline (a nonce in style-src would switch 'unsafe-inline' off). Scripts may
    /// not: only the portal's own files and the elements carrying this response's nonce run. <c>connect-src 'self'</c>
    /// covers the Blazor circuit's WebSocket (ws/wss on the same host and port).
    /// </summary>
    public static string PortalPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var machine = PortalPipeline.IsMachineEndpoint(context.Request.Path);
        // Base64url: nothing in it that HTML would escape in the nonce attribute.
        var nonce = machine ? null : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        if (nonce is not null)
        {
            context.Items[NonceKey] = nonce;
        }
        // Set when the response starts: the exception handler clears the headers of a failed response before the error page.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.ContentSecurityPolicy = nonce is null ? MachinePolicy : PortalPolicy(nonce);
            if (nonce is not null)
            {
                // For browsers that predate frame-ancestors.
                headers.XFrameOptions = "DENY";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
