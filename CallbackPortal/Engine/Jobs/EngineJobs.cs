using CallbackPortal.Agents;
using Hangfire;

namespace CallbackPortal.Engine.Jobs;

/// <summary>Hangfire's entry points: each is one line into an engine service, takes ids only, and is safe to run twice.</summary>
public sealed class EngineJobs(
    CallbackDispatcher dispatcher,
    AttemptDialer dialer,
    CallbackScheduler scheduler,
    AgentPresenceService presence,
    PreviewDecisions previews,
    PurgeService purge)
{
    [AutomaticRetry(Attempts = 3)]
    public Task DispatchAsync(CancellationToken ct) => dispatcher.DispatchAsync(ct);

    [AutomaticRetry(Attempts = 3)]
    public Task DialAsync(Guid attemptId, CancellationToken ct) => dialer.DialAsync(attemptId, ct);

    [AutomaticRetry(Attempts = 3)]
    public Task PromoteAsync(Guid callbackId, CancellationToken ct) => scheduler.PromoteAsync(callbackId, ct);

    [AutomaticRetry(Attempts = 3)]
    public Task EndWrapUpAsync(Guid agentId, CancellationToken ct) => presence.EndWrapUpAsync(agentId, ct);

    [AutomaticRetry(Attempts = 3)]
    public Task PreviewTimeoutAsync(Guid callbackId, Guid agentId, CancellationToken ct) => previews.TimeOutAsync(callbackId, agentId, ct);

    [DisableConcurrentExecution(60)]
    public Task SweepAsync(CancellationToken ct) => scheduler.SweepAsync(ct);

    [DisableConcurrentExecution(3600)]
    public Task PurgeAsync(CancellationToken ct) => purge.PurgeAsync(ct);
}

/// <summary>The engine's triggers as Hangfire jobs: enqueued at once, or scheduled at their exact time.</summary>
public sealed class HangfireEngineTriggers(IBackgroundJobClient jobs, DispatchSignal signal) : IEngineTriggers
{
    /// <summary>On a node that runs the engine, an in-process signal; on a node without a job server, a job for one that has.</summary>
    public void Dispatch()
    {
        if (!signal.TryRequest())
        {
            jobs.Enqueue<EngineJobs>(j => j.DispatchAsync(CancellationToken.None));
        }
    }

    public void Dial(Guid attemptId) => jobs.Enqueue<EngineJobs>(j => j.DialAsync(attemptId, CancellationToken.None));

    public void PromoteAt(Guid callbackId, DateTimeOffset at) => jobs.Schedule<EngineJobs>(j => j.PromoteAsync(callbackId, CancellationToken.None), NotBefore(at));

    public void EndWrapUpAt(Guid agentId, DateTimeOffset at) => jobs.Schedule<EngineJobs>(j => j.EndWrapUpAsync(agentId, CancellationToken.None), NotBefore(at));

    public void PreviewTimeoutAt(Guid callbackId, Guid agentId, DateTimeOffset at) =>
        jobs.Schedule<EngineJobs>(j => j.PreviewTimeoutAsync(callbackId, agentId, CancellationToken.None), NotBefore(at));

    /// <summary>Hangfire keeps schedule times in whole seconds (rounded down); rounding up keeps a job from running early.</summary>
    private static DateTimeOffset NotBefore(DateTimeOffset at) =>
        at.Ticks % TimeSpan.TicksPerSecond == 0 ? at : new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, at.Offset);
}
