using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.Infrastructure;
using Page = CallbackPortal.Components.Pages.Callbacks.CallbackList;

namespace CallbackPortal.Tests.CallbackList;

/// <summary>The callback list page: filters apply, numbers are masked and actions hidden for users who may only look.</summary>
public sealed class CallbackListPageTests
{
    private static readonly DateTimeOffset Now = ListHarness.Now;

    [Fact]
    public async Task ASupervisorSeesFullNumbersAndActionsAndTheTextFilterApplies()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Queued, phone: "+12025550123", first: "Ada", last: "Lovelace");
        await list.AddAsync(list.Sales, Now.AddHours(-2), CallbackState.Completed, first: "Alan", last: "Turing");
        await using var context = PortalPages.For(list.Database, list.Register);

        var page = context.Render<Page>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=row-name]").Count));
        Assert.Contains("+12025550123", page.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid=list-new]"));
        Assert.NotEmpty(page.FindAll("[data-testid=list-bulk]"));
        page.Find("input[data-testid=list-text]").Change("turing");
        page.Find("[data-testid=list-apply]").Click();

        page.WaitForAssertion(() => Assert.Equal(["Alan Turing"], page.FindAll("[data-testid=row-name]").Select(e => e.TextContent.Trim())));
        Assert.Equal("1 callbacks", page.Find("[data-testid=list-count]").TextContent.Trim());
    }

    [Fact]
    public async Task AMonitorSeesMaskedNumbersAndNoActions()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Queued, phone: "+12025550123", first: "Ada");
        await using var context = PortalPages.For(list.Database, list.Register, auth =>
        {
            auth.SetAuthorized("monitor@example.com");
            auth.SetRoles(Roles.Monitor);
            auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "monitor-1"));
        });

        var page = context.Render<Page>();

        page.WaitForAssertion(() => Assert.Equal("+1 •••••••• 23", page.Find("[data-testid=row-phone]").TextContent.Trim()));
        Assert.DoesNotContain("+12025550123", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=list-new]"));
        Assert.Empty(page.FindAll("[data-testid=list-bulk]"));
        Assert.Empty(page.FindAll("[data-testid=row-actions]"));
    }

    [Fact]
    public async Task TheDashboardsServiceAndStateLinkPreselectsThem()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddDays(-60), CallbackState.Queued, first: "Old");
        await list.AddAsync(list.Sales, Now.AddHours(-1), CallbackState.Queued, first: "Other");
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed, first: "Done");
        await using var context = PortalPages.For(list.Database, list.Register);
        context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/callbacks?service=support&state=queued");

        var page = context.Render<Page>();

        page.WaitForAssertion(() => Assert.Equal(["Old"], page.FindAll("[data-testid=row-name]").Select(e => e.TextContent.Trim())));
    }
}
