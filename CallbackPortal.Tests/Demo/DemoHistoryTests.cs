using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Lifecycle;
using CallbackPortal.Reports;
using CallbackPortal.Demo;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Demo;

public sealed class DemoHistoryTests
{
    [Fact]
    public async Task Thirty_days_of_finished_callbacks_are_written_once_each_with_a_consistent_timeline()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await new DemoSeeder(database, clock, new SecretProtector(Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create("demo-history"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SecretProtector>.Instance)).SeedAsync(CancellationToken.None);
        var history = new DemoHistory(database, clock);

        var written = await history.SeedAsync(CancellationToken.None);
        var again = await history.SeedAsync(CancellationToken.None);

        await using var db = database.CreateDbContext();
        var callbacks = await db.Callbacks.AsNoTracking().Include(c => c.Attempts).Include(c => c.Events).ToListAsync();
        Assert.Equal(0, again);
        Assert.Equal(written, callbacks.Count);
        Assert.InRange(written, 2 * DemoHistory.Days * 10, 2 * DemoHistory.Days * 45);
        Assert.All(callbacks, c => Assert.Equal(CallbackState.Completed, c.State));
        Assert.All(callbacks, c => Assert.InRange(c.CreatedAt, clock.GetUtcNow().AddDays(-DemoHistory.Days - 1), clock.GetUtcNow().Date));
        Assert.All(callbacks, c => Assert.Equal(c.AttemptCount, c.Attempts.Count));
        // Every kind of ending a report distinguishes is there.
        var reasons = callbacks.GroupBy(c => c.Reason).ToDictionary(g => g.Key!.Value, g => g.Count());
        foreach (var reason in new[] { CompletionReason.AgentConnected, CompletionReason.CustomerUnreachable, CompletionReason.TimedOut, CompletionReason.Cancelled, CompletionReason.CancelledByAdmin })
        {
            Assert.True(reasons.GetValueOrDefault(reason) > 0, $"no {reason} callbacks");
        }
        Assert.True(reasons[CompletionReason.AgentConnected] > callbacks.Count / 2);
        // Connected ones have a connected attempt at the time they went Processing, and a wait to connect.
        Assert.All(callbacks.Where(c => c.Reason == CompletionReason.AgentConnected), c =>
        {
            Assert.Equal(c.ProcessingAt, c.Attempts.Single(a => a.Result == DialResult.Person).ConnectedAt);
            Assert.NotNull(Promise.WaitToConnectSeconds(c));
        });
        Assert.All(callbacks, c => Assert.Equal(CallbackState.Completed, c.Events.Where(e => e.Kind == CallbackEventKinds.StateChanged).OrderBy(e => e.Id).Last().ToState));

        // The widget's side: most callbacks came through a widget session linked to them, and more visitors saw the widget than used it.
        var events = await db.WidgetEvents.AsNoTracking().ToListAsync();
        var viaWidget = callbacks.Where(c => c.WidgetSessionId is not null).ToList();
        Assert.InRange(viaWidget.Count, callbacks.Count / 2, callbacks.Count * 3 / 4);
        Assert.All(viaWidget, c => Assert.Equal(["ready", "opened", "started", "submitted", "completed", "closed"],
            events.Where(e => e.SessionId == c.WidgetSessionId).OrderBy(e => e.At).Select(e => e.Event)));
        Assert.All(events.Where(e => e.CallbackId is { } id), e => Assert.Equal(e.SessionId, viaWidget.Single(c => c.Id == e.CallbackId).WidgetSessionId));
        var from = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-DemoHistory.Days);
        var funnel = (await new WidgetFunnelReport(database).RunAsync(PortalActor.System, new ReportFilter(from, from.AddDays(DemoHistory.Days - 1)), CancellationToken.None)).Totals;
        Assert.Equal(viaWidget.Count, funnel.Scheduled);
        Assert.True(funnel.Ready > funnel.Opened && funnel.Opened > funnel.Started && funnel.Started > funnel.Submitted && funnel.Submitted > funnel.Scheduled,
            $"a funnel narrows: {funnel.Ready} ready, {funnel.Opened} opened, {funnel.Started} started, {funnel.Submitted} submitted, {funnel.Scheduled} scheduled");
        Assert.True(funnel.CaptchaShown > 0 && funnel.ValidationErrorsPerSubmitted > 0 && funnel.ProactiveShare > 0);
    }
}
