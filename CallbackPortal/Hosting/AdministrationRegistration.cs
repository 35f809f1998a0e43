using CallbackPortal.Access;
using CallbackPortal.Audit;

namespace CallbackPortal.Hosting;

/// <summary>The administration portal's services: the audit log, who is acting, and each configuration page's logic.</summary>
public static class AdministrationRegistration
{
    public static WebApplicationBuilder AddPortalAdministration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PortalActors>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<PermissionMatrix>();
        return builder;
    }
}
