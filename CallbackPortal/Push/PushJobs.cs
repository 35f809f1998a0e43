using CallbackPortal.Engine;
using CallbackPortal.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Push;

/// <summary>
/// Hangfire's entry point for notifications: plan what is due, send it, forget the devices of finished callbacks.
/// Takes no arguments and is safe to run twice or in parallel (the ledger decides who sends what).
/// </summary>
public sealed class PushJobs(PushPlanner planner, PushNotifier notifier)
{
    public const string RecurringId = "push-scan";
    /// <summary>Scheduled "coming" times and retries are found by this beat; engine events trigger a scan at once.</summary>
    public const string RecurringCron = "*/30 * * * * *";

    [AutomaticRetry(Attempts = 3)]
    public async Task ScanAsync(CancellationToken ct)
    {
        await planner.PlanAsync(ct);
        await notifier.SendDueAsync(ct);
        await planner.ForgetFinishedAsync(ct);
    }
}

/// <summary>
/// Enqueues a scan when callbacks, agents or services change (an estimate may have fallen, a callback ended): a burst
/// of engine events becomes one job. Only where the Hangfire server runs, like the engine's own loop.
/// </summary>
public sealed class PushWatcher(CallbackEventStream events, IBackgroundJobClient jobs, IOptions<JobsOptions> options) : BackgroundService
{
    /// <summary>At most one scan per this gap from events; short enough that "coming" feels immediate.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        !options.Value.ServerEnabled
            ? Task.CompletedTask
            : events.WatchAsync(_ => true, () =>
            {
                jobs.Enqueue<PushJobs>(j => j.ScanAsync(CancellationToken.None));
                return Task.CompletedTask;
            }, MinimumGap, stoppingToken);
}
