using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine.Jobs;
using CallbackPortal.Hosting;
using CallbackPortal.Telephony;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>
/// At start-up the engine re-derives its work from the tables (Hangfire's memory is empty after a restart):
/// recurring sweep and purge, a job at the exact due time of every scheduled callback, unsent attempts sent
/// with their original keys, attempts in flight reconciled with the provider, then a dispatch.
/// </summary>
public sealed class EngineStartup(
    IServiceScopeFactory scopes,
    IRecurringJobManager recurring,
    IOptions<EngineOptions> options,
    IOptions<JobsOptions> jobs,
    IHostApplicationLifetime lifetime,
    ILogger<EngineStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recurring.AddOrUpdate<EngineJobs>("engine-sweep", j => j.SweepAsync(CancellationToken.None), $"*/{options.Value.SweepSeconds} * * * * *");
        recurring.AddOrUpdate<EngineJobs>("engine-purge", j => j.PurgeAsync(CancellationToken.None), "17 3 * * *");
        recurring.AddOrUpdate<Push.PushJobs>(Push.PushJobs.RecurringId, j => j.ScanAsync(CancellationToken.None), Push.PushJobs.RecurringCron);
        if (!jobs.Value.ServerEnabled)
        {
            return;
        }
        // The built-in carrier simulator answers on this app's own port: wait until it listens.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        await RecoverAsync(stoppingToken);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var triggers = services.GetRequiredService<IEngineTriggers>();
        var scheduled = await db.Callbacks.AsNoTracking().Where(c => c.State == CallbackState.Scheduled)
            .Select(c => new { c.Id, c.DueAt }).ToListAsync(cancellationToken);
        scheduled.ForEach(c => triggers.PromoteAt(c.Id, c.DueAt));
        var scheduler = services.GetRequiredService<CallbackScheduler>();
        var resent = await scheduler.ResendUnsentAsync(cancellationToken);
        var reconciled = await scheduler.ReconcileInFlightAsync(cancellationToken);
        triggers.Dispatch();
        logger.LogInformation("Engine started: {Scheduled} scheduled callbacks timed, {Resent} unsent attempts re-sent, {Reconciled} calls reconciled",
            scheduled.Count, resent, reconciled);
    }
}
