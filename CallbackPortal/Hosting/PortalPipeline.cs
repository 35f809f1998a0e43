using CallbackPortal.Access;
using CallbackPortal.CallbackList;
using CallbackPortal.Components;
using CallbackPortal.Reports;
using CallbackPortal.Telephony;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Hosting;

public static class PortalPipeline
{
    /// <summary>Paths used by programs rather than people: they get status codes, never a log-in redirect.</summary>
    public static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/telephony") || path.StartsWithSegments("/health") || path.StartsWithSegments("/widget");

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // First, so that everything after (HSTS, cookies, the client address) sees the scheme and address a trusted proxy forwarded.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<CorrelationIdMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            // Browsers remember to use HTTPS only; it is sent on HTTPS responses, never for localhost.
            app.UseHsts();
        }
        // People get a page for 403/404; programs get RFC 9457 problems with a stable code (the inner
        // middleware writes the problem, so the outer one has nothing left to re-execute for them).
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseWhen(context => IsMachineEndpoint(context.Request.Path), branch => branch.UseStatusCodePages());
        app.UsePortalPublicApi();
        app.UseCookiePolicy();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapPortalHealth();
        app.MapTelephonyEndpoints();
        app.MapPublicApi();
        app.MapReportExports();
        app.MapCallbackListDownloads();
        Widget.WidgetScript.MapWidgetScript(app);

        var jobs = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        // The permission policy decides; Hangfire's own local-requests-only filter is replaced by it.
        app.MapHangfireDashboardWithAuthorizationPolicy(Permissions.Diagnostics.Jobs, jobs.DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AppPath = "/",
            DashboardTitle = "CallbackPortal jobs",
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
