using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>
/// Time-driven moves: Scheduled callbacks become Queued when due (Paused when their service is paused), callbacks
/// past their time to live complete as TimedOut, claims left behind by a crash go back to the queue, and calls whose
/// news never arrived are asked about at the provider. Each is safe to run twice and at any moment.
/// </summary>
public sealed class CallbackScheduler(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IEngineTriggers triggers,
    CallbackEventStream events,
    IOptions<EngineOptions> options,
    IServiceScopeFactory scopes)
{
    private const int Batch = 500;

    public async Task PromoteAsync(Guid callbackId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var callback = await db.Callbacks.SingleOrDefaultAsync(c => c.Id == callbackId && c.State == CallbackState.Scheduled, ct);
        if (callback is not null && callback.DueAt > now)
        {
            // Woken early (or rescheduled meanwhile): wait for its own time again.
            triggers.PromoteAt(callback.Id, callback.DueAt);
            return;
        }
        if (callback is not null && await PromoteAsync(db, [callback], now, ct) > 0)
        {
            triggers.Dispatch();
        }
    }

    /// <summary>
    /// The sweep: promote what is due, expire what outlived its time to live, recover stale claims, send again the
    /// attempts a dead node left unsent (their dial job died with it, or it took the send and never finished it), and
    /// ask the provider about calls in flight for longer than they should be (their status callback was lost).
    /// </summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        var changed = await PromoteDueAsync(ct) + await ExpireAsync(ct) + await RecoverStaleClaimsAsync(ct);
        await ResendUnsentAsync(ct, onlyStale: true);
        await EndOverdueWrapUpsAsync(ct);
        await ReconcileInFlightAsync(ct, onlyOverdue: true);
        await Diagnostics.EngineHealth.RecordSweepAsync(dbFactory, clock.GetUtcNow(), ct);
        if (changed > 0)
        {
            triggers.Dispatch();
        }
    }

    public async Task<int> PromoteDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var due = await db.Callbacks.Where(c => c.State == CallbackState.Scheduled && c.DueAt <= now && c.ExpiresAt > now)
                .OrderBy(c => c.DueAt).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                return total;
            }
            total += await PromoteAsync(db, due, now, ct);
        }
    }

    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var expired = await db.Callbacks
                .Where(c => (c.State == CallbackState.Scheduled || c.State == CallbackState.Queued || c.State == CallbackState.Paused) && c.ExpiresAt <= now)
                .OrderBy(c => c.ExpiresAt).Take(Batch).ToListAsync(ct);
            if (expired.Count == 0)
            {
                return total;
            }
            expired.ForEach(c => c.Complete(CompletionReason.TimedOut, now, Actor.Engine, "its time to live passed"));
            total += await SaveAsync(db, expired, ct);
        }
    }

    /// <summary>A claim whose lease passed with nothing dialed (the process died, or a preview was never answered) goes back to the queue.</summary>
    public async Task<int> RecoverStaleClaimsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var stale = await db.Callbacks
            .Where(c => c.State == CallbackState.Routing && c.ClaimExpiresAt < now
                && !db.DialAttempts.Any(a => a.CallbackId == c.Id && a.Stage != AttemptStage.Finished))
            .OrderBy(c => c.ClaimExpiresAt).Take(Batch).ToListAsync(ct);
        var agentIds = stale.Where(c => c.AgentId != null).Select(c => c.AgentId!.Value).ToList();
        var agents = await db.Agents.Where(a => agentIds.Contains(a.Id)).ToListAsync(ct);
        foreach (var callback in stale)
        {
            agents.FirstOrDefault(a => a.CurrentCallbackId == callback.Id)?.Release(now);
            callback.Requeue(now, Actor.Engine, "claim lease expired; back in the queue");
        }
        return await SaveAsync(db, stale, ct);
    }

    /// <summary>
    /// Agents still in wrap-up a lease after it should have ended (the job timing it died with a node, and Hangfire would
    /// only hand it to another node much later) get their wrap-up ended now.
    /// </summary>
    public async Task<int> EndOverdueWrapUpsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var lease = TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);
        var since = now - lease;
        var wrapping = await db.Agents.AsNoTracking()
            .Where(a => a.Presence == AgentPresence.WrapUp && a.PresenceSince < since)
            .Select(a => new
            {
                a.Id,
                a.PresenceSince,
                WrapUpSeconds = db.Callbacks.Where(c => c.Id == a.CurrentCallbackId)
                    .Join(db.CallbackServices, c => c.ServiceId, s => s.Id, (c, s) => (int?)s.WrapUpSeconds).FirstOrDefault(),
            })
            .Take(Batch).ToListAsync(ct);
        var overdue = wrapping.Where(a => a.PresenceSince + TimeSpan.FromSeconds(a.WrapUpSeconds ?? 0) + lease < now).Select(a => a.Id).ToList();
        overdue.ForEach(id => triggers.EndWrapUpAt(id, now));
        return overdue.Count;
    }

    /// <summary>
    /// Attempts written but never sent (a crash between claim and dial) are sent now, with their original keys; so are
    /// sends taken more than a lease ago and never finished (the provider's idempotency key makes a repeat harmless).
    /// At start-up every unsent attempt is sent; the sweep (<paramref name="onlyStale"/>) leaves alone those written
    /// less than a lease ago, whose dial job is still on its way on a live node.
    /// </summary>
    public async Task<int> ResendUnsentAsync(CancellationToken ct, bool onlyStale = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staleBefore = clock.GetUtcNow().AddSeconds(-options.Value.ClaimLeaseSeconds);
        var unsent = await db.DialAttempts.AsNoTracking()
            .Where(a => a.Stage == AttemptStage.Created
                && ((a.SentAt == null && (!onlyStale || a.CreatedAt < staleBefore)) || a.SentAt < staleBefore))
            .Select(a => a.Id).ToListAsync(ct);
        unsent.ForEach(triggers.Dial);
        return unsent.Count;
    }

    /// <summary>
    /// Calls in flight (dialing or answered) are asked about at the provider, and its answer is handled as the status
    /// callback it stands for: a final status lost on its way (the node it was sent to died, a proxy dropped it; the
    /// provider does not send it again) no longer leaves the callback and its agent busy for ever. At start-up every
    /// call in flight is asked about; the sweep (<paramref name="onlyOverdue"/>) asks only about calls sent more than
    /// their service's ring timeout plus a lease ago, by when the provider has had news to tell. A call still in
    /// progress changes nothing (its stage is already known), so a long conversation is only asked about again.
    /// Returns the number of calls the provider answered for.
    /// </summary>
    public async Task<int> ReconcileInFlightAsync(CancellationToken ct, bool onlyOverdue = false)
    {
        var now = clock.GetUtcNow();
        var lease = TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);
        var sentBefore = now - lease;
        List<(Guid Id, string CallId)> inFlight;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // The sweep asks about the oldest calls first, a batch at a time; start-up about every one.
            var rows = await db.DialAttempts.AsNoTracking()
                .Where(a => (a.Stage == AttemptStage.Dialing || a.Stage == AttemptStage.Answered) && a.ProviderCallId != null
                    && (!onlyOverdue || (a.SentAt ?? a.CreatedAt) < sentBefore))
                .OrderBy(a => a.SentAt ?? a.CreatedAt).Take(onlyOverdue ? Batch : int.MaxValue)
                .Select(a => new
                {
                    a.Id,
                    a.ProviderCallId,
                    Sent = a.SentAt ?? a.CreatedAt,
                    RingTimeoutSeconds = db.Callbacks.Where(c => c.Id == a.CallbackId)
                        .Join(db.CallbackServices, c => c.ServiceId, s => s.Id, (c, s) => (int?)s.RingTimeoutSeconds).FirstOrDefault(),
                })
                .ToListAsync(ct);
            inFlight = [.. rows.Where(a => !onlyOverdue || a.Sent + TimeSpan.FromSeconds(a.RingTimeoutSeconds ?? 0) + lease < now)
                .Select(a => (a.Id, a.ProviderCallId!))];
        }
        if (inFlight.Count == 0)
        {
            return 0;
        }
        await using var scope = scopes.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<ITelephonyProvider>();
        var sink = scope.ServiceProvider.GetRequiredService<ICallProgressSink>();
        var count = 0;
        foreach (var (attemptId, callId) in inFlight)
        {
            try
            {
                if (await provider.GetCallStatusAsync(callId, ct) is { } progress)
                {
                    await sink.OnProgressAsync(attemptId, callId, progress, ct);
                    count++;
                }
            }
            catch (HttpRequestException)
            {
                // The provider is not reachable now; its status callbacks may still arrive, and the next sweep asks again.
            }
        }
        return count;
    }

    private async Task<int> PromoteAsync(AppDbContext db, List<Callback> due, DateTimeOffset now, CancellationToken ct)
    {
        var serviceIds = due.Select(c => c.ServiceId).Distinct().ToList();
        var paused = await db.CallbackServices.Where(s => serviceIds.Contains(s.Id) && s.Paused).Select(s => s.Id).ToListAsync(ct);
        foreach (var callback in due)
        {
            callback.Queue(now, Actor.Engine, "due");
            if (paused.Contains(callback.ServiceId))
            {
                callback.Pause(now, "the service is paused");
            }
        }
        return await SaveAsync(db, due, ct);
    }

    private async Task<int> SaveAsync(AppDbContext db, List<Callback> changed, CancellationToken ct)
    {
        if (changed.Count == 0)
        {
            return 0;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node or job moved some of these first; the next sweep sees the fresh rows.
            return 0;
        }
        foreach (var serviceId in changed.Select(c => c.ServiceId).Distinct())
        {
            events.Publish(new EngineEvent(EngineEventKind.ServiceChanged, serviceId, null, null));
        }
        return changed.Count;
    }
}
