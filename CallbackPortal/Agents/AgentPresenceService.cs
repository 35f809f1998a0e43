using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Agents;

/// <summary>Presence changes from the agent workspace, the presence API or demo agents; an agent turning Ready starts a dispatch at once.</summary>
public sealed class AgentPresenceService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events)
{
    public async Task SetPresenceAsync(Guid agentId, AgentPresence presence, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, ct)
            ?? throw new DomainException("unknown-agent", $"There is no agent {agentId}.");
        if (agent.Presence == presence)
        {
            return;
        }
        agent.SetPresence(presence, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.AgentChanged, null, null, agent.Id));
        if (presence == AgentPresence.Ready)
        {
            triggers.Dispatch();
        }
    }

    /// <summary>Wrap-up time is over: Ready again (unless the agent already changed presence).</summary>
    public async Task EndWrapUpAsync(Guid agentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId && a.Presence == AgentPresence.WrapUp, ct);
        if (agent is null || agent.PresenceSince > clock.GetUtcNow())
        {
            return;
        }
        agent.SetPresence(AgentPresence.Ready, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return;
        }
        events.Publish(new EngineEvent(EngineEventKind.AgentChanged, null, null, agent.Id));
        triggers.Dispatch();
    }
}
