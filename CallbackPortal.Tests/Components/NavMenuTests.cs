using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Layout;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CallbackPortal.Tests.Components;

public sealed class NavMenuTests
{
    private static async Task<(BunitContext Context, TestDatabase Database)> ContextForAsync(params string[] roles)
    {
        var database = await TestDatabase.CreateAsync();
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new PermissionStore(database, TimeProvider.System, Options.Create(new SecurityOptions())));
        var auth = context.AddAuthorization();
        auth.SetAuthorized("someone@example.test");
        auth.SetRoles(roles);
        return (context, database);
    }

    [Fact]
    public async Task AnAdministratorSeesTheJobsDashboardUnderDiagnostics()
    {
        var (context, database) = await ContextForAsync(Roles.Administrator);
        await using var _ = context;
        await using var __ = database;

        var menu = context.Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Contains("Background jobs", menu.Markup));
        Assert.Contains("Diagnostics", menu.Markup);
        Assert.Contains("/api-reference/", menu.Markup);
    }

    [Fact]
    public async Task ACallbackAdminFindsTheApiReferenceUnderIntegration()
    {
        var (context, database) = await ContextForAsync(Roles.CallbackAdmin);
        await using var _ = context;
        await using var __ = database;

        var menu = context.Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Contains("API reference", menu.Markup));
        Assert.Contains("Integration", menu.Markup);
        Assert.DoesNotContain("Background jobs", menu.Markup);
    }

    [Theory]
    [InlineData(Roles.Monitor)]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task OtherRolesDoNotSeeWhatTheyCannotOpen(string role)
    {
        var (context, database) = await ContextForAsync(role);
        await using var _ = context;
        await using var __ = database;

        var menu = context.Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Contains("Home", menu.Markup));
        Assert.DoesNotContain("Background jobs", menu.Markup);
        Assert.DoesNotContain("Administration", menu.Markup);
    }

    [Fact]
    public void GroupsFollowTheAreaOrderAndDropEmptyOnes()
    {
        var groups = PortalNavigation.VisibleTo(new HashSet<string> { Permissions.Diagnostics.Jobs });
        Assert.Equal(["Diagnostics"], groups.Select(g => g.Area));
        Assert.Empty(PortalNavigation.VisibleTo(new HashSet<string>()));
    }
}
