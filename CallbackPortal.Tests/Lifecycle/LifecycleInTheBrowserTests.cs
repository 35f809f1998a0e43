using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static CallbackPortal.Tests.Lifecycle.LifecycleBatches;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>The widget funnel tab and a callback's widget steps as a supervisor sees them in a real browser.</summary>
[Collection(PortalCollection.Name)]
public sealed class LifecycleInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private const string Shots = "/tmp/shots-lifecycle";
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task ASupervisorSeesTheFunnelTabAndTheWidgetStepsOnTheTimeline()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Funnel walk " + s.Key);
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.WidgetEvents.AddRange(FunnelData.FourSessions(service.Id, today.AddDays(-1)));
            await db.SaveChangesAsync();
        }
        var session = NewSession();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        using var client = portal.Host.NewClient();
        await PostAsync(client.Http, Json(
            Event("ready", service.Key, session, start.AddSeconds(-5)),
            Event("opened", service.Key, session, start, new { flags = new { proactive = true }, counters = new { opened = 1 }, elapsedMs = new { readyToOpen = 5000 } }),
            Event("started", service.Key, session, start.AddSeconds(8)),
            Event("submitted", service.Key, session, start.AddSeconds(30),
                new { flags = new { captchaShown = true }, counters = new { submitAttempts = 2, validationErrors = 1 }, errors = new[] { new { field = "phoneNumber", code = "invalid-phone-number" } } })));
        var created = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143", sessionId = session }));
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Supervisor);
        Directory.CreateDirectory(Shots);

        await page.GotoAsync("/reports");
        await Browser.WaitForCircuitAsync(page);
        await page.GetByTestId("reports-services").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = service.Name }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("reports-show").ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Widget funnel" }).ClickAsync();
        var table = page.GetByTestId("funnel-table");
        await Assertions.Expect(table).ToContainTextAsync(service.Name);
        await Assertions.Expect(table.Locator("tr.report-total")).ToContainTextAsync("Total");
        // Yesterday's four, the one that began the evening before (still within the last 7 days), and today's.
        await Assertions.Expect(table.Locator("tr.report-total td").Nth(2)).ToHaveTextAsync("6");
        // The tab's underline slides over; shoot once it has arrived.
        await page.WaitForFunctionAsync("""
            () => {
                const slider = document.querySelector('.mud-tab-slider');
                const tab = [...document.querySelectorAll('.mud-tab')].find(t => t.textContent.includes('Widget funnel'));
                return slider && tab && Math.abs(slider.getBoundingClientRect().left - tab.getBoundingClientRect().left) < 2;
            }
            """);
        await page.ScreenshotAsync(new() { Path = $"{Shots}/reports-funnel.png", FullPage = true });

        await page.GotoAsync($"/callbacks/{created.GetProperty("id").GetGuid()}");
        var titles = page.GetByTestId("timeline-title");
        await Assertions.Expect(titles.Filter(new() { HasText = "Widget submitted" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("phoneNumber: invalid-phone-number");
        await page.ScreenshotAsync(new() { Path = $"{Shots}/callback-timeline.png", FullPage = true });
        Assert.Equal(["Widget ready", "Widget opened", "Widget started", "Widget submitted"],
            (await titles.AllInnerTextsAsync()).Where(t => t.StartsWith("Widget", StringComparison.Ordinal)));
    }
}
