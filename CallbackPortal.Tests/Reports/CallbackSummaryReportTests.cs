using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Reports;
using CallbackPortal.Tests.Engine;
using static CallbackPortal.Tests.Reports.ReportData;

namespace CallbackPortal.Tests.Reports;

/// <summary>The Callback Summary over known callbacks: exact numbers, the same before and after the purge, refusals, hours, scope.</summary>
public sealed class CallbackSummaryReportTests
{
    private static readonly ReportFilter November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 24));

    [Fact]
    public async Task CountsEachOutcomePerServiceAndDayWithTotals()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var (support, sales) = await SeedAsync(engine);

        var report = await new CallbackSummaryReport(engine.Database).RunAsync(PortalActor.System, November, CancellationToken.None);

        Assert.Equal(["2026-11-01 Sales", "2026-11-01 Support", "2026-11-24 Support"], report.Rows.Select(r => $"{r.PeriodText(ReportGranularity.Day)} {r.Service}"));
        var old = report.Rows[1];
        Assert.Equal(support.Id, old.ServiceId);
        Assert.Equal((9, 7, 2, 5, 2), (old.Offered, old.Accepted, old.RejectedByRule, old.Immediate, old.Scheduled));
        Assert.Equal((3, 1, 1, 2, 7), (old.Connected, old.Unreachable, old.TimedOut, old.Cancelled, old.Attempts));
        Assert.Equal(320.0 / 3, old.AverageWaitSeconds!.Value, 6);
        Assert.Equal(200, old.P90WaitSeconds);
        Assert.False(old.P90Estimated);
        Assert.Equal(2.0 / 3, old.PromiseKeptShare!.Value, 6);
        Assert.Equal(7.0 / 3, old.AttemptsPerConnection!.Value, 6);
        var today = report.Rows[2];
        Assert.Equal((5, 2, 3, 1, 1), (today.Offered, today.Accepted, today.RejectedByRule, today.Connected, today.Attempts));
        Assert.Equal((10.0, 10.0, 1.0), (today.AverageWaitSeconds, today.P90WaitSeconds, today.PromiseKeptShare));
        Assert.Equal((1, 1, 40.0), (report.Rows[0].Accepted, report.Rows[0].Connected, report.Rows[0].AverageWaitSeconds));
        Assert.Equal(sales.Id, report.Rows[0].ServiceId);
        var totals = report.Totals;
        Assert.Equal((15, 10, 5, 5), (totals.Offered, totals.Accepted, totals.RejectedByRule, totals.Connected));
        Assert.Equal((74.0, 200.0), (totals.AverageWaitSeconds, totals.P90WaitSeconds));
        Assert.Equal(4.0 / 5, totals.PromiseKeptShare!.Value, 6);
        Assert.False(report.Estimated);
        Assert.Equal([9 + 1, 5], report.ByPeriod.Select(p => p.Offered));
    }

    [Fact]
    public async Task PurgedDaysKeepTheirNumbersAndTheirPercentileIsEstimatedWithinItsBucket()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await SeedAsync(engine);
        var reports = new CallbackSummaryReport(engine.Database);
        var before = await reports.RunAsync(PortalActor.System, November, CancellationToken.None);

        engine.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(8, await engine.Purge.PurgeAsync(CancellationToken.None));
        var after = await reports.RunAsync(PortalActor.System, November, CancellationToken.None);

        Assert.Equal(before.Rows.Count, after.Rows.Count);
        foreach (var (was, now) in before.Rows.Append(before.Totals).Zip(after.Rows.Append(after.Totals)))
        {
            Assert.Equal(Counts(was), Counts(now));
            Assert.Equal(was.AverageWaitSeconds!.Value, now.AverageWaitSeconds!.Value, 6);
            Assert.Equal(was.PromiseKeptShare, now.PromiseKeptShare);
            var bucket = WaitBuckets.IndexOf(was.P90WaitSeconds!.Value);
            Assert.InRange(now.P90WaitSeconds!.Value, WaitBuckets.LowerEdge(bucket), WaitBuckets.UpperEdge(bucket) ?? double.MaxValue);
        }
        Assert.True(after.Estimated);
        Assert.Equal([true, true, false], after.Rows.Select(r => r.P90Estimated));
        Assert.Equal([true, true, false], after.Rows.Select(r => r.IncludesPurged));
    }

    [Fact]
    public async Task HourlyRowsSplitADayAndShowAPurgedDayWhole()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await SeedAsync(engine);
        engine.Clock.Advance(TimeSpan.FromDays(9));
        await engine.Purge.PurgeAsync(CancellationToken.None);
        var hourly = new ReportFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 24), Granularity: ReportGranularity.Hour);

        var report = await new CallbackSummaryReport(engine.Database).RunAsync(PortalActor.System, hourly, CancellationToken.None);

        Assert.Equal(
            [
                "2026-11-01 (whole day, purged) Sales 1", "2026-11-01 (whole day, purged) Support 7", "2026-11-01 10:00 Support 2",
                "2026-11-24 09:00 Support 1", "2026-11-24 14:00 Support 1", "2026-11-24 15:00 Support 3",
            ],
            report.Rows.Select(r => $"{r.PeriodText(ReportGranularity.Hour)} {r.Service} {r.Offered}"));
        Assert.Equal(15, report.Totals.Offered);
    }

    [Fact]
    public async Task AReaderLimitedToOneServiceSeesOnlyIt()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var (support, sales) = await SeedAsync(engine);
        var limited = new PortalActor("bob", "bob@example.com", new ServiceScope(new HashSet<Guid> { sales.Id }));
        var reports = new CallbackSummaryReport(engine.Database);

        var everything = await reports.RunAsync(limited, November, CancellationToken.None);
        var askedForSupport = await reports.RunAsync(limited, November with { Services = [support.Id] }, CancellationToken.None);

        Assert.Equal(["Sales"], everything.Rows.Select(r => r.Service));
        Assert.Equal((1, 1), (everything.Totals.Offered, everything.Totals.Connected));
        Assert.Empty(askedForSupport.Rows);
        Assert.Equal(0, askedForSupport.Totals.Offered);
    }

    [Theory]
    [InlineData("2026-11-24", "2026-11-01", ReportGranularity.Day, "before it starts")]
    [InlineData("2026-10-01", "2026-11-24", ReportGranularity.Hour, "at most 31 days")]
    [InlineData("1990-01-01", "2026-11-24", ReportGranularity.Day, "between the years 2000 and 2999")]
    [InlineData("2010-01-01", "2026-11-24", ReportGranularity.Day, "at most 3,660 days")]
    public async Task AnImpossibleRangeIsRefusedWithItsReason(string from, string to, ReportGranularity granularity, string message)
    {
        await using var engine = await EngineHarness.CreateAsync();
        var filter = new ReportFilter(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), Granularity: granularity);

        var refused = await Assert.ThrowsAsync<DomainException>(() => new CallbackSummaryReport(engine.Database).RunAsync(PortalActor.System, filter, CancellationToken.None));

        Assert.Equal("invalid-range", refused.Code);
        Assert.Contains(message, refused.Message);
    }

    private static (int, int, int, int, int, int, int, int, int, int, int) Counts(SummaryRow r) =>
        (r.Offered, r.Accepted, r.RejectedByRule, r.Immediate, r.Scheduled, r.Connected, r.Unreachable, r.TimedOut, r.Cancelled, r.OtherCompleted, r.Attempts);

    /// <summary>
    /// 1 November (to be purged): Support 7 callbacks (3 connected after 20 s, 200 s and 100 s, promise kept by 2; 1 unreachable,
    /// 1 timed out, 2 cancelled; 7 attempts) and 2 refusals; Sales 1 connected after 40 s. 24 November (today, 15:00): Support 1
    /// connected after 10 s, 1 queued, and 3 refusals counted through the intake.
    /// </summary>
    internal static async Task<(CallbackPortal.Services.CallbackService Support, CallbackPortal.Services.CallbackService Sales)> SeedAsync(EngineHarness engine)
    {
        var support = await engine.AddServiceAsync(s => s.RetentionDays = 30);
        var sales = await engine.AddServiceAsync(s => { s.Key = "sales"; s.Name = "Sales"; s.RetentionDays = 30; });
        await using (var db = engine.Database.CreateDbContext())
        {
            var day = OldDay.AddHours(10);
            await AddAsync(db,
                Completed(support.Id, day, true, CompletionReason.AgentConnected, wait: 20, attempts: 1, ewt: 60),
                Completed(support.Id, day.AddMinutes(1), true, CompletionReason.AgentConnected, wait: 200, attempts: 2, ewt: 30),
                Completed(support.Id, day.AddMinutes(2), false, CompletionReason.AgentConnected, wait: 100, attempts: 1),
                Completed(support.Id, day.AddMinutes(3), true, CompletionReason.CustomerUnreachable, attempts: 3),
                Completed(support.Id, day.AddMinutes(4), false, CompletionReason.Cancelled),
                Completed(support.Id, day.AddMinutes(5), true, CompletionReason.TimedOut),
                Completed(support.Id, day.AddMinutes(6), true, CompletionReason.CancelledByAdmin),
                Completed(sales.Id, day.AddMinutes(7), true, CompletionReason.AgentConnected, wait: 40, attempts: 1),
                Completed(support.Id, Today.AddHours(9), true, CompletionReason.AgentConnected, wait: 10, attempts: 1),
                Completed(support.Id, Today.AddHours(14).AddMinutes(30), true, null));
            db.RuleRefusalStats.Add(Refusals(support.Id, day, CallbackPortal.Rules.RuleNames.BlockedPattern, 2));
            await db.SaveChangesAsync();
        }
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => engine.RequestAsync(phone: "+1 202 55"));
        }
        await engine.Refusals.FlushAsync(CancellationToken.None);
        return (support, sales);
    }
}
