using CallbackPortal.Access;
using CallbackPortal.Diagnostics;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Diagnostics;

/// <summary>The diagnostics pages in Chromium for an administrator: the configuration check and its fix links, engine health, CORS rejections.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConfigurationCheckInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AnAdministratorFindsAServiceNobodyCanServeAndFollowsTheLinkToFixIt()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Diagnostics " + s.Key);
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "Configuration check" }).ClickAsync();
        var card = page.GetByTestId($"service-{service.Key}");
        await Assertions.Expect(card).ToContainTextAsync("No agent holds the required skills (nobody-has-this ≥ 1)");
        await Assertions.Expect(card).ToContainTextAsync("No web origins are allowed");
        await Assertions.Expect(page.GetByTestId("installation")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "configuration-check");
        await card.GetByTestId("fix-link").First.ClickAsync();

        await page.WaitForURLAsync("**/configuration/agents");
    }

    [Fact]
    public async Task EngineHealthShowsARecentSweepAndTheJobsDashboardToAnAdministrator()
    {
        // The page reads once; a portal that has just started has not swept yet (every EngineOptions.SweepSeconds).
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            return await db.SystemFlags.AnyAsync(f => f.Key == EngineHealth.LastSweepFlag);
        }, TimeSpan.FromSeconds(60)));
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "Engine health" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("last-sweep")).ToContainTextAsync("Last sweep", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("hangfire-link")).ToHaveAttributeAsync("href", "/hangfire");
        await Browser.ScreenshotAsync(page, "engine-health");
    }

    [Fact]
    public async Task CorsRejectionsAreFilteredByService()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Rejections " + s.Key);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.CorsRejections.Add(new CorsRejection { At = DateTimeOffset.UtcNow, Origin = "https://shop.example.com", Service = service.Key, Method = "POST", Path = $"/api/v1/services/{service.Key}/callbacks" });
            await db.SaveChangesAsync();
        }
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "CORS rejections" }).ClickAsync();
        await page.GetByTestId("cors-service-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"Rejections {service.Key} ({service.Key})" }).ClickAsync();
        await page.GetByTestId("cors-search").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=cors-table] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("cors-domains-link")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "cors-rejections");
    }
}
