using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Engine;

/// <summary>
/// Agent preview: the reserved agent sees the callback before it is dialed and accepts or rejects it.
/// Rejects (and preview timeouts) do not use up dial attempts; after the service's maximum the callback
/// completes as PreviewRejected.
/// </summary>
public sealed class PreviewDecisions(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events)
{
    public async Task AcceptAsync(Guid callbackId, Guid agentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (callback, agent, service) = await LoadAsync(db, callbackId, agentId, ct);
        var now = clock.GetUtcNow();
        callback.Record(now, Actor.Agent, CallbackEventKinds.Preview, "accepted", agent.Name);
        var attempt = service.DialMode == DialMode.AgentFirst
            ? callback.AddAttempt(agent.Phone, agentFirst: true, now)
            : callback.AddAttempt(callback.PhoneNumber, agentFirst: false, now);
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, agent.Id));
        triggers.Dial(attempt.Id);
    }

    public Task RejectAsync(Guid callbackId, Guid agentId, CancellationToken ct) => RejectAsync(callbackId, agentId, "rejected by the agent", Actor.Agent, ct);

    /// <summary>The agent let the preview time out: counted as a reject. Nothing happens if the agent already decided.</summary>
    public async Task TimeOutAsync(Guid callbackId, Guid agentId, CancellationToken ct)
    {
        try
        {
            await RejectAsync(callbackId, agentId, "preview timed out", Actor.Engine, ct);
        }
        catch (DomainException e) when (e.Code == "preview-not-pending")
        {
        }
    }

    private async Task RejectAsync(Guid callbackId, Guid agentId, string why, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (callback, agent, service) = await LoadAsync(db, callbackId, agentId, ct);
        var now = clock.GetUtcNow();
        callback.PreviewRejects++;
        callback.RejectedByAgents.Add(agentId);
        callback.Record(now, actor, CallbackEventKinds.Preview, why, agent.Name);
        agent.Release(now);
        if (callback.PreviewRejects >= service.PreviewMaxRejects)
        {
            callback.Complete(CompletionReason.PreviewRejected, now, actor, $"{callback.PreviewRejects} preview rejects");
        }
        else
        {
            callback.Requeue(now, actor, why);
        }
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, agent.Id));
        triggers.Dispatch();
    }

    private static async Task<(Callback, Agent, CallbackService)> LoadAsync(AppDbContext db, Guid callbackId, Guid agentId, CancellationToken ct)
    {
        var callback = await db.Callbacks.SingleOrDefaultAsync(c => c.Id == callbackId, ct);
        var pending = callback is { State: CallbackState.Routing } && callback.AgentId == agentId
            && !await db.DialAttempts.AnyAsync(a => a.CallbackId == callbackId && a.Stage != AttemptStage.Finished, ct);
        if (!pending)
        {
            throw new DomainException("preview-not-pending", "This callback is not waiting for this agent's preview decision.");
        }
        var agent = await db.Agents.SingleAsync(a => a.Id == agentId, ct);
        var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback!.ServiceId, ct);
        return (callback!, agent, service);
    }
}
