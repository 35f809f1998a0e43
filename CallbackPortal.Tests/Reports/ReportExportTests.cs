using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static CallbackPortal.Tests.Reports.ReportData;

namespace CallbackPortal.Tests.Reports;

/// <summary>The reports' CSV downloads over HTTP and the page in a real browser.</summary>
[Collection(PortalCollection.Name)]
public sealed class ReportExportTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    private static readonly DateTimeOffset March = new(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheSummaryAndDetailsDownloadsCarryTheReportExactlyAndSafely()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "=Export " + s.Key);
        var connected = Completed(service.Id, March, true, CompletionReason.AgentConnected, wait: 90, attempts: 1, ewt: 60);
        connected.Disposition = "@resolved";
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            await AddAsync(db, connected, Completed(service.Id, March.AddMinutes(5), false, CompletionReason.Cancelled));
            db.RuleRefusalStats.Add(Refusals(service.Id, March.AddHours(-1), "number-throttle", 4));
            await db.SaveChangesAsync();
        }
        using var monitor = await portal.LoginAsAsync(Roles.Monitor);
        using var supervisor = await portal.LoginAsAsync(Roles.Supervisor);
        var query = $"from=2025-03-04&to=2025-03-04&granularity=day&services={service.Id}";

        var summary = await monitor.GetAsync($"/reports/summary.csv?{query}");
        var details = await monitor.GetAsync($"/reports/details.csv?{query}");
        var managed = await supervisor.Http.GetStringAsync($"/reports/details.csv?{query}");

        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        Assert.Equal("text/csv", summary.Content.Headers.ContentType?.MediaType);
        Assert.Equal("callback-summary.csv", summary.Content.Headers.ContentDisposition?.FileNameStar ?? summary.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(
            Lines(
                CallbackPortal.Reports.ReportExports.SummaryHeader,
                $"2025-03-04,'=Export {service.Key},6,2,4,1,1,1,0,0,1,0,1,90.0,90.0,no,100.0,1.00,no",
                "Total,All services,6,2,4,1,1,1,0,0,1,0,1,90.0,90.0,no,100.0,1.00,no"),
            Lines(await summary.Content.ReadAsStringAsync()));
        Assert.Equal(
            Lines(
                CallbackPortal.Reports.CallbackDetailsReport.CsvHeader,
                $"2025-03-04T09:05:00Z,'=Export {service.Key},scheduled,2025-03-04T10:05:00Z,Completed,Cancelled,'+1 •••••••• 23,,,,,0,,,,",
                $"2025-03-04T09:00:00Z,'=Export {service.Key},immediate,2025-03-04T09:00:00Z,Completed,AgentConnected,'+1 •••••••• 23,60,1,5,1,1,,90,yes,'@resolved"),
            Lines(await details.Content.ReadAsStringAsync()));
        Assert.Contains(",'+12025550123,", managed);
    }

    [Fact]
    public async Task TheDownloadsNeedTheReportsPermissionAndUsableFilters()
    {
        using var agent = await portal.LoginAsAsync(Roles.Agent);
        using var monitor = await portal.LoginAsAsync(Roles.Monitor);
        using var anonymous = portal.Host.NewClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/reports/summary.csv?from=2025-03-04&to=2025-03-04")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/reports/details.csv?from=2025-03-04&to=2025-03-04")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/reports/summary.csv?from=2025-03-04&to=2025-03-04")).StatusCode);
        var backwards = await monitor.GetAsync("/reports/summary.csv?from=2025-03-04&to=2025-03-01");
        var garbage = await monitor.GetAsync("/reports/details.csv?from=yesterday&to=2025-03-01&services=x");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("before it starts", await backwards.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("yyyy-MM-dd", await garbage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AMonitorReadsTheSummaryAndDetailsInTheBrowser()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Reports walk " + s.Key);
        var today = DateTimeOffset.UtcNow.Date;
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var seeded = new List<Callback>();
            for (var day = 0; day < 7; day++)
            {
                var start = new DateTimeOffset(today.AddDays(-day).AddHours(8), TimeSpan.Zero);
                for (var i = 0; i < 3 + day % 3; i++)
                {
                    seeded.Add(Completed(service.Id, start.AddMinutes(i * 7), i % 3 != 2, i == 3 ? CompletionReason.CustomerUnreachable : CompletionReason.AgentConnected,
                        wait: 30 + 40 * i + 10 * day, attempts: 1 + i % 2, ewt: 60));
                }
            }
            await AddAsync(db, [.. seeded]);
        }
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Monitor);

        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reports" })).ToBeVisibleAsync();
        await page.GetByTestId("reports-services").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = service.Name }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("reports-show").ClickAsync();
        await Assertions.Expect(page.GetByTestId("summary-table")).ToContainTextAsync(service.Name);
        await Assertions.Expect(page.GetByTestId("summary-table").Locator("tr.report-total")).ToContainTextAsync("Total");
        await Browser.ScreenshotAsync(page, "reports-summary");
        await page.ScreenshotAsync(new() { Path = "/tmp/shots-reports/reports-summary.png", FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Callback Details" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("details-table")).ToContainTextAsync("AgentConnected");
        await Assertions.Expect(page.GetByTestId("details-table")).ToContainTextAsync("•••");
        await page.ScreenshotAsync(new() { Path = "/tmp/shots-reports/reports-details.png", FullPage = true });
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines);

    private static string Lines(string csv) => string.Join('\n', csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
}
