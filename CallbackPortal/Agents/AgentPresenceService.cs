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
        // A conflict means someone else wrote the agent meanwhile (the workspace closing, a presence report): decide again on
        // the fresh row rather than give up, or the agent would stay in wrap-up with no job left to end it.
        for (var i = 0; i < 5; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId && a.Presence == AgentPresence.WrapUp, ct);
            if (agent is null || agent.PresenceSince > clock.GetUtcNow())
            {
                return;
            }
            agent.EndWrapUp(clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue;
            }
            events.Publish(new EngineEvent(EngineEventKind.AgentChanged, null, null, agent.Id));
            if (agent.Presence == AgentPresence.Ready)
            {
                triggers.Dispatch();
            }
            return;
        }
        throw new DbUpdateConcurrencyException($"Agent {agentId} kept changing; wrap-up was not ended (Hangfire retries the job).");
    }

    /// <summary>The agent closed the workspace (<see cref="Agent.Leave"/>); retried on fresh rows when the engine moved the agent meanwhile.</summary>
    public Task LeaveAsync(Guid agentId, CancellationToken ct) => ChangeAsync(agentId, (agent, now) => agent.Leave(now), ct);

    /// <summary>The agent opened the workspace again while still busy (<see cref="Agent.Return"/>).</summary>
    public Task ReturnAsync(Guid agentId, CancellationToken ct) => ChangeAsync(agentId, (agent, _) => agent.Return(), ct);

    private async Task ChangeAsync(Guid agentId, Func<Agent, DateTimeOffset, bool> change, CancellationToken ct)
    {
        for (var i = 0; i < 5; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, ct);
            if (agent is null || !change(agent, clock.GetUtcNow()))
            {
                return;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                events.Publish(new EngineEvent(EngineEventKind.AgentChanged, null, null, agent.Id));
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                // The engine reserved, connected or released the agent meanwhile: decide again on the fresh row.
            }
        }
        throw new DbUpdateConcurrencyException($"Agent {agentId} kept changing; the workspace change was not saved.");
    }
}
