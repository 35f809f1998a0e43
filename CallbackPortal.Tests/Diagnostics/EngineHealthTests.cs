using System.Security.Claims;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Components.Pages.Diagnostics;
using CallbackPortal.Diagnostics;
using CallbackPortal.Engine;
using CallbackPortal.Engine.Jobs;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Engine;
using CallbackPortal.Tests.Infrastructure;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.Diagnostics;

/// <summary>Engine health: the last sweep as a real sweep records it, the due backlog, counts per state and presence, Hangfire's failures.</summary>
public sealed class EngineHealthTests : IAsyncLifetime, IDisposable
{
    private readonly InMemoryStorage jobs = new(new InMemoryStorageOptions());
    private EngineHarness harness = default!;

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    public void Dispose() => jobs.Dispose();

    private EngineHealth Health() =>
        new(harness.Database, jobs, harness.Clock, Options.Create(new EngineOptions { SweepSeconds = 15 }), Options.Create(new JobsOptions { SchedulePollingSeconds = 1 }));

    [Fact]
    public async Task ARealSweepRecordsItsTimeAndTheSweepIsOverdueWhenItStops()
    {
        var never = await Health().ReadAsync(PortalActor.System, CancellationToken.None);
        await harness.Scheduler.SweepAsync(CancellationToken.None);
        var first = harness.Clock.GetUtcNow();
        harness.Clock.Advance(TimeSpan.FromSeconds(15));
        await harness.Scheduler.SweepAsync(CancellationToken.None);
        var onTime = await Health().ReadAsync(PortalActor.System, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        var missed = await Health().ReadAsync(PortalActor.System, CancellationToken.None);

        Assert.Equal((null, true), (never.Sweep.LastAt, never.Sweep.Overdue));
        Assert.Equal((first.AddSeconds(15), false), (onTime.Sweep.LastAt, onTime.Sweep.Overdue));
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(46)), (onTime.Sweep.Every, onTime.Sweep.OverdueAfter));
        Assert.True(missed.Sweep.Overdue);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(1, await db.SystemFlags.CountAsync(f => f.Key == EngineHealth.LastSweepFlag));
    }

    [Fact]
    public async Task TheFiguresComeFromTheCallbacksAgentsAndJobs()
    {
        var (due, _) = await SeedAsync();
        var failedId = FailJob("The carrier said no");

        var report = await Health().ReadAsync(PortalActor.System, CancellationToken.None);

        Assert.Equal((1, due), (report.Backlog.DueNotQueued, report.Backlog.OldestDueNotQueued));
        Assert.Equal(4, report.Backlog.Queued);
        Assert.Equal(harness.Clock.GetUtcNow().AddHours(-3), report.Backlog.OldestQueued);
        Assert.Equal((4, 1, 0), (report.States[CallbackState.Queued], report.States[CallbackState.Scheduled], report.States[CallbackState.Completed]));
        Assert.Equal((2, 1), (report.Presence[AgentPresence.Ready], report.Presence[AgentPresence.Offline]));
        Assert.Equal(1, report.Jobs.Failed);
        var failed = Assert.Single(report.Jobs.LatestFailed);
        Assert.Equal((failedId, "EngineJobs.SweepAsync", "The carrier said no"), (failed.Id, failed.Job, failed.ExceptionMessage));
        Assert.Equal("System.InvalidOperationException", failed.ExceptionType);
    }

    [Fact]
    public async Task TheSweepClearsTheDueBacklog()
    {
        await SeedAsync();

        await harness.Scheduler.SweepAsync(CancellationToken.None);
        var report = await Health().ReadAsync(PortalActor.System, CancellationToken.None);

        Assert.Equal((0, null, 5), (report.Backlog.DueNotQueued, report.Backlog.OldestDueNotQueued, report.Backlog.Queued));
    }

    [Fact]
    public async Task AUserLimitedToAServiceCountsOnlyItsCallbacks()
    {
        var (_, sales) = await SeedAsync();

        var report = await Health().ReadAsync(LimitedUser.Actor(sales), CancellationToken.None);

        Assert.Equal((1, 0), (report.States[CallbackState.Queued], report.States[CallbackState.Scheduled]));
        Assert.Equal((0, 1), (report.Backlog.DueNotQueued, report.Backlog.Queued));
    }

    [Fact]
    public async Task ThePageShowsTheFiguresAndTheJobsDashboardOnlyToThoseWhoMayOpenIt()
    {
        await SeedAsync();
        FailJob("Database is locked");
        await using var plain = Context(user: null);
        await using var withJobs = Context(user: a =>
        {
            a.SetAuthorized("admin@example.com");
            a.SetRoles(Roles.Administrator);
            a.SetClaims(new Claim(ClaimTypes.NameIdentifier, PortalPages.AdministratorId));
            a.SetPolicies(Permissions.Diagnostics.Jobs);
        });

        var page = plain.Render<EngineHealthPage>();
        var jobsPage = withJobs.Render<EngineHealthPage>();

        page.WaitForAssertion(() => Assert.Contains("No sweep recorded yet.", page.Find("[data-testid=last-sweep]").TextContent));
        Assert.Equal("Overdue", page.Find("[data-testid=sweep-status]").TextContent.Trim());
        Assert.Contains("Due but not queued yet: 1 (oldest due 1 h ago)", page.Find("[data-testid=due-not-queued]").TextContent);
        Assert.Equal("4", page.Find("[data-testid=states-queued]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=presence-ready]").TextContent);
        Assert.Contains("System.InvalidOperationException: Database is locked", page.Find("[data-testid=failed-jobs]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=hangfire-link]"));
        jobsPage.WaitForAssertion(() => Assert.Equal("/hangfire", jobsPage.Find("[data-testid=hangfire-link]").GetAttribute("href")));
    }

    private BunitContext Context(Action<Bunit.TestDoubles.BunitAuthorizationContext>? user) => PortalPages.For(harness.Database, services =>
    {
        services.AddSingleton<TimeProvider>(harness.Clock).AddSingleton<JobStorage>(jobs).AddSingleton<EngineHealth>();
        services.AddSingleton(Options.Create(new EngineOptions())).AddSingleton(Options.Create(new JobsOptions()));
    }, user);

    /// <summary>
    /// Three immediate callbacks on support queued three hours ago and one on sales, one scheduled on support that
    /// became due an hour ago without a sweep; two Ready agents (without the skill, so nothing dispatches) and one offline.
    /// </summary>
    private async Task<(DateTimeOffset Due, Guid Sales)> SeedAsync()
    {
        await harness.AddServiceAsync();
        var sales = await harness.AddServiceAsync(s => (s.Key, s.Name) = ("sales", "Sales"));
        await harness.AddAgentAsync("Ada", skill: "billing");
        await harness.AddAgentAsync("Grace", skill: "billing");
        await harness.AddAgentAsync("Linus", ready: false);
        for (var i = 0; i < 3; i++)
        {
            await harness.RequestAsync();
        }
        await harness.RequestAsync("sales");
        var scheduled = await harness.RequestAsync(desired: harness.Clock.GetUtcNow().AddHours(2));
        harness.Clock.Advance(TimeSpan.FromHours(3));
        return ((await harness.CallbackAsync(scheduled.Id)).DueAt, sales.Id);
    }

    /// <summary>A sweep job that failed for good (created without filters, so no automatic retry turns the failure into a retry).</summary>
    private string FailJob(string message)
    {
        var noFilters = new JobFilterCollection();
        var client = new BackgroundJobClient(jobs, new BackgroundJobFactory(noFilters), new BackgroundJobStateChanger(noFilters));
        return client.Create(Job.FromExpression<EngineJobs>(j => j.SweepAsync(CancellationToken.None)), new FailedState(new InvalidOperationException(message)));
    }
}
