using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>
/// A supervisor bulk-cancels callbacks on the list page in Chromium: the whole filtered range (confirmation, progress,
/// summary, per-callback CSV) and a selection where someone else cancelled one meanwhile. Callbacks come from the public API.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class BulkCancelInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private const string CsvHeader = "callback_id,service,phone,desired_time_utc,outcome,detail";
    private static int nextNumber;
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task ASupervisorCancelsTheWholeFilteredRangeAndDownloadsTheSummary()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Bulk range " + s.Key);
        var other = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Bulk other " + s.Key);
        var now = DateTimeOffset.UtcNow;
        var inRange = new List<Created>();
        for (var i = 1; i <= 3; i++)
        {
            inRange.Add(await CreateAsync(service, now.AddDays(i).AddHours(2), $"Inside{i}"));
        }
        var alreadyCancelled = await CreateAsync(service, now.AddDays(2), "Gone");
        Assert.Equal(HttpStatusCode.OK, (await CancelThroughApiAsync(alreadyCancelled)).StatusCode);
        var later = await CreateAsync(service, now.AddDays(12), "Later");
        var elsewhere = await CreateAsync(other, now.AddDays(2), "Elsewhere");

        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Supervisor);
        await page.GotoAsync("/callbacks");
        await Browser.WaitForCircuitAsync(page);
        // The first load (the default range) must be over before filtering, or its answer could arrive after ours.
        await page.GetByTestId("row-name").Or(page.GetByText("No callbacks match.")).First.WaitForAsync();
        await page.GetByTestId("list-services").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = service.Name }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("list-services")).ToHaveValueAsync(service.Name);
        await page.GetByTestId("list-preset").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Next 7 days" }).ClickAsync();
        await page.GetByTestId("list-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("list-count")).ToHaveTextAsync("4 callbacks");
        await Assertions.Expect(page.GetByTestId("row-name")).ToHaveCountAsync(4);

        await page.GetByTestId("list-bulk").ClickAsync();
        await page.GetByTestId("bulk-range").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-confirm-text")).ToContainTextAsync("Cancel 4 callbacks (everything that matches the filter)?");
        await page.GetByTestId("bulk-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-summary")).ToHaveTextAsync(new Regex(@"Cancelled 3, skipped 1, failed 0\.\s*$"));
        await Assertions.Expect(page.GetByTestId("bulk-not-cancelled").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("bulk-not-cancelled")).ToContainTextAsync("Completed (Cancelled)");
        await Screenshots.TakeAsync(page, "bulk-range-summary");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("bulk-download").ClickAsync());
        Assert.Matches(@"^bulk-cancel-\d{8}-\d{6}\.csv$", download.SuggestedFilename);
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.Equal(CsvHeader, csv[0]);
        var outcomes = csv.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(cells => Guid.Parse(cells[0]), cells => (cells[1], cells[4], cells[5]));
        Assert.Equal(inRange.Select(c => c.Id).Append(alreadyCancelled.Id).Order(), outcomes.Keys.Order());
        Assert.All(inRange, c => Assert.Equal((service.Name, "Cancelled", ""), outcomes[c.Id]));
        Assert.Equal((service.Name, "Skipped", "Completed (Cancelled)"), outcomes[alreadyCancelled.Id]);

        await page.GetByTestId("bulk-close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("row-state")).ToHaveTextAsync(["Completed · CancelledByAdmin", "Completed · CancelledByAdmin", "Completed · Cancelled", "Completed · CancelledByAdmin"]);

        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.Callbacks.Where(c => c.ServiceId == service.Id || c.ServiceId == other.Id).ToDictionaryAsync(c => c.Id, c => (c.State, c.Reason));
        Assert.Equal(6, stored.Count);
        Assert.All(inRange, c => Assert.Equal((CallbackState.Completed, (CompletionReason?)CompletionReason.CancelledByAdmin), stored[c.Id]));
        Assert.Equal((CallbackState.Completed, (CompletionReason?)CompletionReason.Cancelled), stored[alreadyCancelled.Id]);
        Assert.Equal((CallbackState.Scheduled, (CompletionReason?)null), stored[later.Id]);
        Assert.Equal((CallbackState.Scheduled, (CompletionReason?)null), stored[elsewhere.Id]);
    }

    [Fact]
    public async Task ACallbackCancelledBySomeoneElseWhileConfirmingASelectionIsSkippedNotAnError()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Bulk selection " + s.Key);
        var now = DateTimeOffset.UtcNow;
        var kept = await CreateAsync(service, now.AddDays(1), "Kept");
        var first = await CreateAsync(service, now.AddDays(2), "First");
        var raced = await CreateAsync(service, now.AddDays(3), "Raced");

        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Supervisor);
        await page.GotoAsync($"/callbacks?service={service.Key}");
        await Browser.WaitForCircuitAsync(page);
        // The first load (the default range) must be over before filtering, or its answer could arrive after ours.
        await page.GetByTestId("row-name").Or(page.GetByText("No callbacks match.")).First.WaitForAsync();
        await page.GetByTestId("list-preset").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Next 7 days" }).ClickAsync();
        await page.GetByTestId("list-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("list-count")).ToHaveTextAsync("3 callbacks");
        foreach (var name in new[] { "First", "Raced" })
        {
            await Row(page, name).GetByTestId("select-row").ClickAsync();
        }
        await page.GetByTestId("list-bulk").ClickAsync();
        await page.GetByTestId("bulk-selected").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-confirm-text")).ToContainTextAsync("Cancel 2 callbacks (the 2 selected)?");

        Assert.Equal(HttpStatusCode.OK, (await CancelThroughApiAsync(raced)).StatusCode);
        await page.GetByTestId("bulk-run").ClickAsync();

        await Assertions.Expect(page.GetByTestId("bulk-summary")).ToHaveTextAsync(new Regex(@"Cancelled 1, skipped 1, failed 0\.\s*$"));
        await Assertions.Expect(page.GetByTestId("bulk-error")).ToHaveCountAsync(0);
        var skipped = page.GetByTestId("bulk-not-cancelled").Locator("tbody tr");
        await Assertions.Expect(skipped).ToHaveCountAsync(1);
        await Assertions.Expect(skipped).ToContainTextAsync("Skipped");
        await Assertions.Expect(skipped).ToContainTextAsync("Completed (Cancelled)");
        await Screenshots.TakeAsync(page, "bulk-selection-summary");

        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.Callbacks.Where(c => c.ServiceId == service.Id).ToDictionaryAsync(c => c.Id, c => (c.State, c.Reason));
        Assert.Equal((CallbackState.Completed, (CompletionReason?)CompletionReason.CancelledByAdmin), stored[first.Id]);
        Assert.Equal((CallbackState.Completed, (CompletionReason?)CompletionReason.Cancelled), stored[raced.Id]);
        Assert.Equal((CallbackState.Scheduled, (CompletionReason?)null), stored[kept.Id]);
    }

    private static ILocator Row(IPage page, string firstName) =>
        page.GetByTestId("list-table").Locator("tbody tr").Filter(new() { Has = page.GetByTestId("row-name").GetByText(firstName) });

    private sealed record Created(Guid Id, string Token);

    /// <summary>A scheduled callback through the public API, with its own number (so no duplicate or number throttle applies).</summary>
    private async Task<Created> CreateAsync(CallbackService service, DateTimeOffset desired, string firstName)
    {
        using var client = portal.Host.NewClient();
        var number = $"+120255501{Interlocked.Increment(ref nextNumber) % 100:D2}";
        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = number, desiredTime = desired, firstName, lastName = "Bulk" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiServices.JsonAsync(response);
        Assert.Equal("Scheduled", body.GetProperty("state").GetString());
        return new Created(body.GetProperty("id").GetGuid(), body.GetProperty("accessToken").GetString()!);
    }

    /// <summary>The consumer cancels through the API (someone other than the supervisor).</summary>
    private async Task<HttpResponseMessage> CancelThroughApiAsync(Created callback)
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/callbacks/{callback.Id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callback.Token);
        return await client.Http.SendAsync(request);
    }

    private static class Screenshots
    {
        /// <summary>The test results' screenshot plus a copy under /tmp/shots-bulk-e2e for people to look at.</summary>
        public static async Task TakeAsync(IPage page, string name)
        {
            await Browser.ScreenshotAsync(page, name);
            Directory.CreateDirectory("/tmp/shots-bulk-e2e");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"/tmp/shots-bulk-e2e/{name}.png" });
        }
    }
}
