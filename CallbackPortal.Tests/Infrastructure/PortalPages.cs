using Bunit;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>A bUnit context for a portal page over a test database: MudBlazor services and its popover provider, loose JS interop.</summary>
public static class PortalPages
{
    public static BunitContext For(TestDatabase database, Action<IServiceCollection> services)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<IDbContextFactory<AppDbContext>>(database);
        context.Services.AddSingleton(TimeProvider.System);
        services(context.Services);
        context.Render<MudPopoverProvider>();
        return context;
    }
}
