using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Lifecycle;
using CallbackPortal.Reports;
using CallbackPortal.Tests.Engine;
using CallbackPortal.Tests.Infrastructure;
using static CallbackPortal.Tests.Lifecycle.FunnelData;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>The widget funnel counts a known set of sessions, per day and per hour, and its CSV carries the same numbers.</summary>
public sealed class WidgetFunnelReportTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SessionsAreCountedOncePerStepInTheDayTheyBegan()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var (support, sales) = await SeedAsync(engine);

        var report = await new WidgetFunnelReport(engine.Database).RunAsync(PortalActor.System, new ReportFilter(DateOnly.FromDateTime(Day.UtcDateTime), DateOnly.FromDateTime(Day.UtcDateTime)), CancellationToken.None);

        Assert.Equal(
            [
                "2026-11-24,Sales,1,1,1,0,1,0,0,100.0,0.0,120.0,0,0.00,1.00,0.0",
                "2026-11-24,Support,4,4,3,2,2,2,1,66.7,100.0,45.0,1,0.50,1.50,25.0",
                "Total,All services,5,5,4,2,3,2,1,75.0,66.7,60.0,1,0.33,1.33,20.0",
            ],
            report.Rows.Append(report.Totals).Select(r => WidgetFunnelReport.CsvLine(r, ReportGranularity.Day)));
        Assert.Equal([sales.Id, support.Id, null], report.Rows.Append(report.Totals).Select(r => r.ServiceId));
    }

    [Fact]
    public async Task HourlyRowsSplitTheDayAndAReaderSeesOnlyTheirServices()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var (support, _) = await SeedAsync(engine);
        var limited = new PortalActor("bob", "bob@example.com", new ServiceScope(new HashSet<Guid> { support.Id }));
        var day = DateOnly.FromDateTime(Day.UtcDateTime);

        var report = await new WidgetFunnelReport(engine.Database).RunAsync(limited, new ReportFilter(day, day, Granularity: ReportGranularity.Hour), CancellationToken.None);

        Assert.Equal(["2026-11-24 09:00 Support 3", "2026-11-24 10:00 Support 1"], report.Rows.Select(r => $"{r.PeriodText(ReportGranularity.Hour)} {r.Service} {r.Sessions}"));
        Assert.Equal(4, report.Totals.Sessions);
    }

    private static async Task<(CallbackPortal.Services.CallbackService Support, CallbackPortal.Services.CallbackService Sales)> SeedAsync(EngineHarness engine)
    {
        var support = await engine.AddServiceAsync();
        var sales = await engine.AddServiceAsync(s => (s.Key, s.Name) = ("sales", "Sales"));
        await using var db = engine.Database.CreateDbContext();
        db.WidgetEvents.AddRange(FourSessions(support.Id, Day));
        db.WidgetEvents.AddRange(OneSubmitted(sales.Id, Day));
        await db.SaveChangesAsync();
        return (support, sales);
    }
}

/// <summary>The funnel's CSV download and its tab on the reports page.</summary>
[Collection(PortalCollection.Name)]
public sealed class WidgetFunnelExportTests(SharedPortal portal)
{
    private static readonly DateTimeOffset May = new(2025, 5, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheFunnelDownloadCarriesTheReportForTheChosenService()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Funnel " + s.Key);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.WidgetEvents.AddRange(FourSessions(service.Id, May));
            await db.SaveChangesAsync();
        }
        using var monitor = await portal.LoginAsAsync(Roles.Monitor);
        using var agent = await portal.LoginAsAsync(Roles.Agent);
        var query = $"from=2025-05-06&to=2025-05-06&granularity=day&services={service.Id}";

        var csv = await monitor.GetAsync($"/reports/funnel.csv?{query}");
        var refused = await agent.GetAsync($"/reports/funnel.csv?{query}");
        var backwards = await monitor.GetAsync($"/reports/funnel.csv?from=2025-05-06&to=2025-05-01");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("widget-funnel.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(
            [
                WidgetFunnelReport.CsvHeader,
                $"2025-05-06,Funnel {service.Key},4,4,3,2,2,2,1,66.7,100.0,45.0,1,0.50,1.50,25.0",
                "Total,All services,4,4,3,2,2,2,1,66.7,100.0,45.0,1,0.50,1.50,25.0",
            ],
            (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
    }
}
