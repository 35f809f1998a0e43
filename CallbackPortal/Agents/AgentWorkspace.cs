using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Agents;

/// <summary>
/// The agent workspace's logic for the signed-in user: only the agent linked to that user (<see cref="Agent.UserId"/>), and
/// only their own reserved or last callback. Presence goes through <see cref="AgentPresenceService"/> and preview decisions
/// through <see cref="PreviewDecisions"/>, so the workspace drives the engine exactly like the presence API does.
/// Wrap-ups are recorded on the callback's timeline (the callback's own audit trail) with the agent's name.
/// </summary>
public sealed class AgentWorkspace(
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, AgentPresenceService presence, PreviewDecisions previews, CallbackEventStream events)
{
    public const string NoAgent = "Your user is not linked to an agent.";
    private static readonly IReadOnlyDictionary<string, string[]> Done = new Dictionary<string, string[]>();

    /// <summary>The workspace of the user's agent; null when no agent is linked to the user.</summary>
    public async Task<WorkspaceView?> LoadAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agent = await AgentOfAsync(db, actor, ct);
        return agent is null ? null : await WorkspaceQueries.ViewAsync(db, agent, clock.GetUtcNow(), ct);
    }

    /// <summary>The user's agent id, or null (used to tell the engine when the workspace closes).</summary>
    public async Task<Guid?> AgentIdAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await AgentOfAsync(db, actor, ct))?.Id;
    }

    /// <summary>Ready or Not ready, as the presence API sets them; null when done, else why not.</summary>
    public async Task<string?> SetPresenceAsync(PortalActor actor, AgentPresence to, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Workspace);
        if (to is not (AgentPresence.Ready or AgentPresence.NotReady))
        {
            return $"{AgentDirectory.Describe(to)} is not set from the workspace.";
        }
        if (await AgentIdAsync(actor, ct) is not { } agentId)
        {
            return NoAgent;
        }
        try
        {
            await presence.SetPresenceAsync(agentId, to, ct);
            return null;
        }
        catch (DomainException e) when (e.Code == "agent-busy")
        {
            return "You are busy with a callback; your presence can change once the call ends.";
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Your presence changed at the same moment (a callback may just have been reserved for you); look again.";
        }
    }

    public Task<string?> AcceptAsync(PortalActor actor, Guid callbackId, CancellationToken ct) => DecideAsync(actor, callbackId, accept: true, ct);

    public Task<string?> RejectAsync(PortalActor actor, Guid callbackId, CancellationToken ct) => DecideAsync(actor, callbackId, accept: false, ct);

    private async Task<string?> DecideAsync(PortalActor actor, Guid callbackId, bool accept, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Workspace);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await AgentOfAsync(db, actor, ct) is not { } agent)
        {
            return NoAgent;
        }
        if (agent.CurrentCallbackId != callbackId)
        {
            return "This callback is not reserved for you (any more).";
        }
        var previewOn = await db.Callbacks.AsNoTracking().Where(c => c.Id == callbackId)
            .Join(db.CallbackServices, c => c.ServiceId, s => s.Id, (_, s) => s.PreviewEnabled).SingleOrDefaultAsync(ct);
        if (!previewOn)
        {
            return "This service places its calls without a preview; there is nothing to accept or reject.";
        }
        try
        {
            await (accept ? previews.AcceptAsync(callbackId, agent.Id, ct) : previews.RejectAsync(callbackId, agent.Id, ct));
            return null;
        }
        catch (DomainException e) when (e.Code == "preview-not-pending")
        {
            return "This callback is no longer waiting for your decision (the preview may have timed out, or it was cancelled).";
        }
        catch (DbUpdateConcurrencyException)
        {
            return "The callback changed at the same moment (timed out or cancelled); look again.";
        }
    }

    /// <summary>
    /// Saves the disposition and notes on the callback the agent is wrapping up (or their last conversation, when the wrap-up
    /// time already made them Ready), with a timeline event; an agent in wrap-up for that callback is Ready again.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> WrapUpAsync(PortalActor actor, Guid callbackId, WrapUpForm form, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Workspace);
        var errors = form.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await AgentOfAsync(db, actor, ct) is not { } agent)
        {
            return Refusal(NoAgent);
        }
        var now = clock.GetUtcNow();
        var target = await WorkspaceQueries.WrapUpTargetAsync(db, agent, now, ct);
        if (target?.CallbackId != callbackId)
        {
            return Refusal("You can only wrap up the call you just finished.");
        }
        var callback = await db.Callbacks.SingleAsync(c => c.Id == callbackId, ct);
        var notes = string.IsNullOrWhiteSpace(form.Notes) ? null : form.Notes.Trim();
        callback.Disposition = form.Disposition!.Trim();
        callback.DispositionNotes = notes;
        callback.Record(now, Actor.Agent, CallbackEventKinds.WrapUp, notes is null ? callback.Disposition : $"{callback.Disposition}: {notes}", agent.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal("The callback changed at the same moment; nothing was saved. Try again.");
        }
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, agent.Id));
        if (target.InWrapUp)
        {
            await BackToReadyAsync(agent.Id, ct);
        }
        return Done;
    }

    private async Task BackToReadyAsync(Guid agentId, CancellationToken ct)
    {
        try
        {
            await presence.SetPresenceAsync(agentId, AgentPresence.Ready, ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DomainException)
        {
            // The wrap-up timer (or a supervisor) changed the presence at the same moment; the disposition is saved either way.
        }
    }

    private static Task<Agent?> AgentOfAsync(AppDbContext db, PortalActor actor, CancellationToken ct) =>
        actor.UserId is null ? Task.FromResult<Agent?>(null) : db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == actor.UserId, ct);

    private static Dictionary<string, string[]> Refusal(string message) => new() { [""] = [message] };
}
