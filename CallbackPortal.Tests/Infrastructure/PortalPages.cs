using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>
/// A bUnit context for a portal page over a test database: MudBlazor services and its popover provider, loose JS
/// interop, the audit log, and a signed-in user (an administrator unless <paramref name="user"/> says otherwise).
/// </summary>
public static class PortalPages
{
    public const string AdministratorId = "test-administrator";

    public static BunitContext For(TestDatabase database, Action<IServiceCollection> services, Action<BunitAuthorizationContext>? user = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<IDbContextFactory<AppDbContext>>(database);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton<AuditLog>();
        context.Services.AddSingleton<PortalActors>();
        // The actor carries the permissions of the user's roles (the test database's default grants).
        context.Services.AddSingleton(new PermissionStore(database, TimeProvider.System, Options.Create(new CallbackPortal.Hosting.SecurityOptions())));
        var authorization = context.AddAuthorization();
        if (user is null)
        {
            authorization.SetAuthorized("admin@example.com");
            authorization.SetRoles(Roles.Administrator);
            authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, AdministratorId));
        }
        else
        {
            user(authorization);
        }
        services(context.Services);
        context.Render<MudPopoverProvider>();
        return context;
    }
}
