using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>
/// Cancel, reschedule and dial now, for the consumer (cancel and reschedule with the access token, through the API) and
/// for supervisors in the portal (<paramref name="actorName"/> names them on the timeline).
/// Each is one conditional save of the callback (its version), so a change racing the engine either wins whole
/// or is refused with the state it lost to.
/// </summary>
public sealed class CallbackActions(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events)
{
    public async Task<Callback> CancelAsync(Guid id, Actor actor, string? detail, CancellationToken ct, string? actorName = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callback = await db.Callbacks.SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainException("not-found", "No such callback.");
        var now = clock.GetUtcNow();
        callback.Cancel(now, actor, detail, actorName);
        if (callback.AgentId is { } agentId)
        {
            // Cancelled while an agent was reserved for it: the agent is free again at once.
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId && a.CurrentCallbackId == id, ct);
            agent?.Release(now);
        }
        await SaveAsync(db, callback, ct);
        return callback;
    }

    public async Task<Callback> RescheduleAsync(Guid id, DateTimeOffset desiredTime, Actor actor, CancellationToken ct, string? actorName = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var callback = await db.Callbacks.SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainException("not-found", "No such callback.");
        var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
        var now = clock.GetUtcNow();
        var desired = desiredTime.ToUniversalTime();
        var slot = SlotBookings.Check(db, service, new OfficeHours(service.Schedule), desired, now, id);
        var verdict = RuleEvaluator.EvaluateSlot(slot);
        if (!verdict.Allowed)
        {
            throw CallbackIntake.Refusal(verdict);
        }
        callback.Reschedule(desired, desired.AddSeconds(-service.SubmitBufferSeconds), desired.AddSeconds(service.TimeToLiveSeconds), now, actor, actorName);
        await SaveAsync(db, callback, ct);
        await transaction.CommitAsync(ct);
        triggers.PromoteAt(callback.Id, callback.DueAt);
        return callback;
    }

    /// <summary>A supervisor's "dial now": the callback goes first in its queue (a scheduled one is queued at once) and dispatch runs.</summary>
    public async Task<Callback> DialNowAsync(Guid id, string? actorName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callback = await db.Callbacks.SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainException("not-found", "No such callback.");
        callback.DialNow(clock.GetUtcNow(), Actor.Supervisor, actorName);
        await SaveAsync(db, callback, ct);
        triggers.Dispatch();
        return callback;
    }

    private async Task SaveAsync(AppDbContext db, Callback callback, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("conflict", "The callback changed while this was being done; look at it again and retry.");
        }
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, callback.AgentId));
    }
}
