using System.Globalization;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Diagnostics;

/// <param name="OverdueAfter">How old the last sweep may be before it counts as missed (a few sweep intervals).</param>
public sealed record SweepStatus(DateTimeOffset? LastAt, TimeSpan Every, TimeSpan OverdueAfter, bool Overdue);

/// <param name="DueNotQueued">Scheduled callbacks whose time has come that no sweep or promotion has queued yet.</param>
/// <param name="Queued">Callbacks due and waiting for a Ready agent with the skills.</param>
public sealed record DueBacklog(int DueNotQueued, DateTimeOffset? OldestDueNotQueued, int Queued, DateTimeOffset? OldestQueued);

public sealed record FailedJob(string Id, string Job, DateTime? FailedAtUtc, string? ExceptionType, string? ExceptionMessage);

public sealed record JobServerStatus(long Servers, long Enqueued, long Scheduled, long Processing, long Failed, IReadOnlyList<FailedJob> LatestFailed);

public sealed record EngineHealthReport(
    DateTimeOffset At, SweepStatus Sweep, DueBacklog Backlog, IReadOnlyDictionary<CallbackState, int> States,
    IReadOnlyDictionary<AgentPresence, int> Presence, JobServerStatus Jobs);

/// <summary>
/// How the callback engine is doing, for the engine health page: when it last swept, what is due and waiting, callbacks
/// per state (of the services the reader may see), agents per presence, and Hangfire's own counts and latest failures.
/// </summary>
public sealed class EngineHealth(IDbContextFactory<AppDbContext> dbFactory, JobStorage jobStorage, TimeProvider clock, IOptions<EngineOptions> engine, IOptions<JobsOptions> jobs)
{
    /// <summary>The <see cref="SystemFlag"/> the sweep stamps each time it runs.</summary>
    public const string LastSweepFlag = "engine.last-sweep";
    public const int FailedJobsShown = 10;

    /// <summary>Stamps the time of a sweep (one row, updated in place; a second node racing to create it loses quietly).</summary>
    public static async Task RecordSweepAsync(IDbContextFactory<AppDbContext> dbFactory, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var text = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        if (await db.SystemFlags.Where(f => f.Key == LastSweepFlag).ExecuteUpdateAsync(s => s.SetProperty(f => f.SetAt, at).SetProperty(f => f.Value, text), ct) > 0)
        {
            return;
        }
        db.SystemFlags.Add(new SystemFlag { Key = LastSweepFlag, Value = text, SetAt = at });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node stamped it first; its time is as good as ours.
        }
    }

    public async Task<EngineHealthReport> ReadAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var lastSweep = await db.SystemFlags.AsNoTracking().Where(f => f.Key == LastSweepFlag).Select(f => (DateTimeOffset?)f.SetAt).SingleOrDefaultAsync(ct);
        var every = TimeSpan.FromSeconds(engine.Value.SweepSeconds);
        // A sweep may wait for the scheduler's poll and for a busy worker; missing three in a row is a problem.
        var overdueAfter = (3 * every) + TimeSpan.FromSeconds(jobs.Value.SchedulePollingSeconds);
        var sweep = new SweepStatus(lastSweep, every, overdueAfter, lastSweep is null || now - lastSweep > overdueAfter);

        var callbacks = Visible(db, actor);
        var dueNotQueued = callbacks.Where(c => c.State == CallbackState.Scheduled && c.DueAt <= now);
        var queued = callbacks.Where(c => c.State == CallbackState.Queued);
        var states = await callbacks.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var backlog = new DueBacklog(
            await dueNotQueued.CountAsync(ct), await Oldest(dueNotQueued, ct),
            states.GetValueOrDefault(CallbackState.Queued), await Oldest(queued, ct));
        var presence = await db.Agents.AsNoTracking().GroupBy(a => a.Presence).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new EngineHealthReport(now, sweep, backlog,
            Enum.GetValues<CallbackState>().ToDictionary(s => s, s => states.GetValueOrDefault(s)),
            Enum.GetValues<AgentPresence>().ToDictionary(p => p, p => presence.GetValueOrDefault(p)),
            ReadJobs());
    }

    private JobServerStatus ReadJobs()
    {
        var monitoring = jobStorage.GetMonitoringApi();
        var statistics = monitoring.GetStatistics();
        var failed = monitoring.FailedJobs(0, FailedJobsShown)
            .Select(j => new FailedJob(j.Key, j.Value.Job is { } job ? $"{job.Type.Name}.{job.Method.Name}" : "(a job this version cannot read)",
                j.Value.FailedAt, j.Value.ExceptionType, j.Value.ExceptionMessage))
            .ToList();
        return new JobServerStatus(statistics.Servers, statistics.Enqueued, statistics.Scheduled, statistics.Processing, statistics.Failed, failed);
    }

    /// <summary>The callbacks of the services the reader may see.</summary>
    private static IQueryable<Callback> Visible(AppDbContext db, PortalActor actor)
    {
        var callbacks = db.Callbacks.AsNoTracking();
        return actor.Scope.Allowed is { } allowed ? callbacks.Where(c => allowed.Contains(c.ServiceId)) : callbacks;
    }

    private static Task<DateTimeOffset?> Oldest(IQueryable<Callback> callbacks, CancellationToken ct) =>
        callbacks.OrderBy(c => c.DueAt).Select(c => (DateTimeOffset?)c.DueAt).FirstOrDefaultAsync(ct);
}
