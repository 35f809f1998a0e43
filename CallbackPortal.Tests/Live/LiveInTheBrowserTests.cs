using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Live;

/// <summary>A supervisor's live dashboard in Chromium follows callbacks created through the public API, without reloading.</summary>
[Collection(PortalCollection.Name)]
public sealed class LiveInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Infrastructure.Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task ASupervisorsDashboardCountsACallbackCreatedThroughTheApi()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Live " + s.Key);
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Supervisor);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live dashboard" })).ToBeVisibleAsync();
        var queued = page.GetByTestId($"{service.Key}-queued");
        await Assertions.Expect(queued).ToHaveTextAsync("0");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        using var client = portal.Host.NewClient();
        using var created = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await Assertions.Expect(queued).ToHaveTextAsync("1", new() { Timeout = 5_000 });
        await Assertions.Expect(page.GetByTestId($"{service.Key}-oldest-wait")).Not.ToHaveTextAsync("—");
        Assert.Equal(0, navigations);
        await Infrastructure.Browser.ScreenshotAsync(page, "live-dashboard");
    }
}
