using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.CallbackList;

namespace CallbackPortal.Hosting;

/// <summary>The administration portal's services: the audit log, who is acting, and each configuration page's logic.</summary>
public static class AdministrationRegistration
{
    public static WebApplicationBuilder AddPortalAdministration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PortalActors>();
        services.AddSingleton<AuditLogQuery>();
        services.AddSingleton<Push.FcmTokenClient>();
        services.AddSingleton<Push.PushConfiguration>();
        services.AddTransient<Diagnostics.TelephonyHealthCheck>();
        services.AddTransient<Diagnostics.ConfigurationCheck>();
        services.AddSingleton<Diagnostics.EngineHealth>();
        services.AddSingleton<Diagnostics.CorsRejectionQuery>();
        services.AddHttpClient(Push.FcmTokenClient.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = Push.FcmTokenClient.MaxResponseBytes;
        });
        services.AddSingleton<Services.ServiceEditor>();
        services.AddSingleton<Agents.SkillCatalogue>();
        services.AddSingleton<Agents.AgentDirectory>();
        services.AddSingleton<Agents.AgentChangeFeed>();
        services.AddSingleton<Rules.RuleConfiguration>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<PermissionMatrix>();
        services.AddSingleton<Privacy.PersonalDataErasure>();
        services.AddValidatedOptions<Agents.AgentWorkspaceOptions>(builder.Configuration, Agents.AgentWorkspaceOptions.Section);
        services.AddSingleton<Agents.AgentWorkspace>().AddSingleton<Agents.WorkspaceAttendance>().AddScoped<Agents.WorkspaceCircuitHandler>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Agents.WorkspaceCircuitHandler>());
        services.AddSingleton<Callbacks.CallbackDetails>();
        services.AddSingleton<Callbacks.SupervisorCallbackActions>();
        services.AddSingleton<Callbacks.CallbackChangeFeed>();
        services.AddSingleton<Reports.CallbackSummaryReport>();
        services.AddSingleton<Reports.CallbackDetailsReport>();
        services.AddSingleton<Lifecycle.WidgetFunnelReport>();
        services.AddCallbackList();
        services.AddSingleton<Live.LiveQueries>();
        services.AddValidatedOptions<Live.LiveOptions>(builder.Configuration, Live.LiveOptions.Section);
        services.AddSingleton<Live.LiveFeed>();
        services.AddSingleton<Push.WebPushSender>();
        services.AddHttpClient(Push.WebPushSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddValidatedOptions<Push.PushOptions>(builder.Configuration, Push.PushOptions.Section);
        services.AddSingleton<Push.FcmSender>();
        services.AddHttpClient(Push.FcmSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<Push.PushSubscriptions>();
        services.AddSingleton<Push.PushPlanner>();
        services.AddSingleton<Push.PushNotifier>();
        services.AddTransient<Push.PushJobs>();
        services.AddHostedService<Push.PushWatcher>();
        return builder;
    }
}
