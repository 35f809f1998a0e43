using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Engine;

/// <summary>The attempt, its callback, its service and the reserved agent, loaded together for one decision.</summary>
public sealed record CallContext(AppDbContext Db, DialAttempt Attempt, Callback Callback, CallbackService Service, Agent? Agent)
{
    /// <summary>Work to start once the decision is committed (jobs must never see the rows before the change).</summary>
    public List<Action> AfterCommit { get; } = [];
}

/// <summary>
/// Applies what happened on a call to the attempt, the callback and the agent, and decides retries
/// (DOMAIN.md §3-4): Busy, No answer, a failed request and (by policy) an answering machine are tried again
/// after the retry interval until the attempts run out; a rejected or invalid number or a fax ends it at once.
/// </summary>
public sealed class CallOutcomes(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events)
{
    private const int ConcurrencyRetries = 5;

    /// <summary>Loads the call's context, lets <paramref name="change"/> decide, saves; re-reads and decides again when another writer got there first.</summary>
    public async Task<bool> WithCallAsync(Guid attemptId, Func<CallContext, Task<bool>> change, CancellationToken ct)
    {
        for (var i = 0; i < ConcurrencyRetries; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var attempt = await db.DialAttempts.SingleOrDefaultAsync(a => a.Id == attemptId, ct);
            if (attempt is null)
            {
                return false;
            }
            var callback = await db.Callbacks.SingleAsync(c => c.Id == attempt.CallbackId, ct);
            var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
            var agent = attempt.AgentId is { } agentId ? await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, ct) : null;
            var context = new CallContext(db, attempt, callback, service, agent);
            if (!await change(context))
            {
                return false;
            }
            var call = context;
            try
            {
                await db.SaveChangesAsync(ct);
                call.AfterCommit.ForEach(action => action());
                events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, agent?.Id));
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone else changed the callback or agent meanwhile: decide again on fresh rows.
            }
        }
        throw new InvalidOperationException($"Attempt {attemptId} kept changing under us; giving up after {ConcurrencyRetries} tries.");
    }

    public Task<bool> ApplyAsync(Guid attemptId, DialResult result, string detail, CancellationToken ct) =>
        WithCallAsync(attemptId, call => Task.FromResult(Finish(call, result, detail)), ct);

    /// <summary>Ends the attempt with its result and moves the callback on (retry later, or complete). False when it had already ended.</summary>
    public bool Finish(CallContext call, DialResult result, string detail)
    {
        var (_, attempt, callback, service, agent) = call;
        if (attempt.Stage == AttemptStage.Finished)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        attempt.Stage = AttemptStage.Finished;
        attempt.Result = result;
        attempt.Detail = detail;
        attempt.EndedAt = now;
        callback.Record(now, Actor.Engine, CallbackEventKinds.Attempt, $"attempt {attempt.Number}: {result} ({detail})");
        if (agent?.CurrentCallbackId == callback.Id)
        {
            agent.Release(now);
            call.AfterCommit.Add(triggers.Dispatch);
        }
        if (callback.State != CallbackState.Routing)
        {
            return true;
        }
        if (IsWorthRetrying(result, service) && callback.AttemptCount < service.MaxDialAttempts)
        {
            var due = now.AddSeconds(service.RetryIntervalSeconds);
            callback.ScheduleRetry(due, now, $"retry after {result}");
            call.AfterCommit.Add(() => triggers.PromoteAt(callback.Id, due));
        }
        else
        {
            callback.Complete(CompletionReason.CustomerUnreachable, now, Actor.Engine, $"{result} on attempt {attempt.Number} of {service.MaxDialAttempts}");
        }
        return true;
    }

    public static bool IsWorthRetrying(DialResult result, CallbackService service) => result switch
    {
        DialResult.Busy or DialResult.NoAnswer or DialResult.Failed or DialResult.Unknown => true,
        DialResult.AnsweringMachine => service.MachineTreatment == MachineTreatment.Retry,
        _ => false,
    };

    /// <summary>Consumer and agent are talking.</summary>
    public void Connected(CallContext call, string detail)
    {
        var now = clock.GetUtcNow();
        call.Attempt.ConnectedAt = now;
        call.Attempt.Result = DialResult.Person;
        if (call.Callback.State == CallbackState.Routing)
        {
            call.Callback.Connect(now, detail);
        }
    }

    /// <summary>The call ended after a conversation: completed as connected; the agent wraps up.</summary>
    public void Hungup(CallContext call, int? talkSeconds)
    {
        var now = clock.GetUtcNow();
        var (_, attempt, callback, service, agent) = call;
        attempt.Stage = AttemptStage.Finished;
        attempt.Result ??= DialResult.Person;
        attempt.TalkSeconds = talkSeconds;
        attempt.EndedAt = now;
        if (callback.State == CallbackState.Processing)
        {
            callback.Complete(CompletionReason.AgentConnected, now, Actor.Engine, talkSeconds is null ? null : $"talked {talkSeconds} s");
        }
        if (agent?.CurrentCallbackId == callback.Id && agent.Presence is AgentPresence.OnCall or AgentPresence.Reserved)
        {
            agent.EndCall(now);
            var wrapUpEnds = now.AddSeconds(service.WrapUpSeconds);
            call.AfterCommit.Add(() => triggers.EndWrapUpAt(agent.Id, wrapUpEnds));
        }
    }

    /// <summary>The agent could not be reached: the callback goes back to the queue (the attempt does not count) or ends.</summary>
    public void AgentUnreachable(CallContext call, string detail, bool consumerWaiting)
    {
        var now = clock.GetUtcNow();
        var (_, attempt, callback, _, agent) = call;
        attempt.Stage = AttemptStage.Finished;
        attempt.Result ??= DialResult.Failed;
        attempt.Detail = detail;
        attempt.EndedAt = now;
        agent?.Release(now, missedCall: true);
        if (callback.State != CallbackState.Routing)
        {
            return;
        }
        if (consumerWaiting)
        {
            callback.Complete(CompletionReason.AgentConnectFailed, now, Actor.Engine, detail);
            return;
        }
        callback.AttemptCount--;
        callback.Requeue(now, Actor.Engine, detail);
        call.AfterCommit.Add(triggers.Dispatch);
    }
}
