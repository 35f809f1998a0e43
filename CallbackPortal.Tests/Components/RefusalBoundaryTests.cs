using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Pages.Configuration;
using CallbackPortal.Components.Shared;
using CallbackPortal.Data;
using CallbackPortal.Tests.Configuration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;

namespace CallbackPortal.Tests.Components;

/// <summary>
/// The boundary MainLayout puts around every page: a permission taken away while a page stays open gives the server's
/// refusal as a message in the page, not the circuit's error bar; anything else gives a general message without its details.
/// </summary>
public sealed class RefusalBoundaryTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private AgentsTestServices services = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        services = new AgentsTestServices(database);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task APermissionRevokedWhileThePageIsOpenShowsTheRefusalInThePageAndChangesNothing()
    {
        var ada = await services.AgentAsync("Ada", ("support", 5));
        await GrantAsync(Roles.CallbackAdmin, Permissions.Agents.Manage);
        await using var context = PortalPages.For(database, services.Register, user =>
        {
            user.SetAuthorized("lin@example.com");
            user.SetRoles(Roles.CallbackAdmin);
            user.SetClaims(new Claim(ClaimTypes.NameIdentifier, "lin"));
        });
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var page = context.Render<RefusalBoundary>(p => p.Add(b => b.ChildContent, (RenderFragment)(b => { b.OpenComponent<AgentsPage>(0); b.CloseComponent(); })));
        page.WaitForAssertion(() => Assert.Contains("Ada", page.Markup));

        await using (var db = database.CreateDbContext())
        {
            db.RolePermissions.RemoveRange(db.RolePermissions.Where(r => r.Role == Roles.CallbackAdmin));
            await db.SaveChangesAsync();
        }
        context.Services.GetRequiredService<PermissionStore>().Invalidate();
        page.Find("[data-testid=set-Ready]").Click();

        page.WaitForAssertion(() => Assert.Contains(PortalActor.NotPermitted, page.Find("[data-testid=page-error]").TextContent));
        Assert.Contains("Reload the page", page.Find("[data-testid=page-reload]").TextContent);
        await using var check = database.CreateDbContext();
        Assert.Equal(Agents.AgentPresence.Offline, (await check.Agents.FindAsync(ada.Id))!.Presence);
    }

    [Fact]
    public async Task AnUnexpectedFailureShowsAGeneralMessageWithoutItsDetails()
    {
        await using var context = PortalPages.For(database, services.Register);

        var page = context.Render<RefusalBoundary>(p => p.Add(b => b.ChildContent, (RenderFragment)(b => { b.OpenComponent<Throwing>(0); b.CloseComponent(); })));

        var message = page.Find("[data-testid=page-error]").TextContent;
        Assert.Contains(RefusalBoundary.Unexpected, message);
        Assert.DoesNotContain("secret detail", message);
    }

    private async Task GrantAsync(string role, string permission)
    {
        await using var db = database.CreateDbContext();
        db.RolePermissions.Add(new RolePermission { Role = role, Permission = permission });
        await db.SaveChangesAsync();
    }

    private sealed class Throwing : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder) => throw new InvalidOperationException("secret detail");
    }
}
