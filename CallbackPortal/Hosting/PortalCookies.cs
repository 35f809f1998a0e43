using System.Net;
using Microsoft.AspNetCore.CookiePolicy;

namespace CallbackPortal.Hosting;

/// <summary>
/// One policy for every cookie the portal writes (the sign-in cookie, the two-factor cookies, the antiforgery cookie):
/// HttpOnly, SameSite at least Lax, and Secure. Secure is set whatever the request's scheme, so a TLS-terminating proxy
/// whose X-Forwarded-Proto is not trusted cannot silently downgrade it; the one exception, when allowed, is plain HTTP
/// to a loopback name, where the cookie never leaves the machine.
/// </summary>
public static class PortalCookies
{
    public static IServiceCollection AddPortalCookiePolicy(this IServiceCollection services, SecurityOptions security, IHostEnvironment environment)
    {
        var loopbackHttp = security.LoopbackHttpCookies ?? environment.IsDevelopment();
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.HttpOnly = HttpOnlyPolicy.Always;
            // Lax, not Strict, for the sign-in: a link in an email or a chat opens the portal signed in; cross-site posts,
            // frames and fetches still go without it. The antiforgery cookie keeps ASP.NET's own Strict.
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
            options.OnAppendCookie = context => context.CookieOptions.Secure = !(loopbackHttp && IsLoopbackHttp(context.Context.Request));
            options.OnDeleteCookie = context => context.CookieOptions.Secure = !(loopbackHttp && IsLoopbackHttp(context.Context.Request));
        });
        return services;
    }

    private static bool IsLoopbackHttp(HttpRequest request) =>
        !request.IsHttps && (request.Host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(request.Host.Host, out var address) && IPAddress.IsLoopback(address)));
}
