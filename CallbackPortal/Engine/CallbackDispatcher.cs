using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>
/// Matches queued callbacks with ready agents: callbacks by priority, then by how long they have waited;
/// for each, the longest-idle Ready agent holding every required skill. A claim is a conditional update of
/// both rows (their versions): when two dispatchers race, one save succeeds and the other moves on.
/// The dial attempt, with its unique key, is written in the same transaction, before the provider is asked.
/// </summary>
public sealed class CallbackDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IEngineTriggers triggers,
    CallbackEventStream events,
    WaitTimes waitTimes,
    IOptions<EngineOptions> options,
    ILogger<CallbackDispatcher> logger)
{
    private const int MaxRounds = 1000;

    private int running;
    private int rerunRequested;

    /// <summary>
    /// Claims as many matches as there are; returns the number claimed. Triggers that arrive while this node
    /// is already dispatching are folded into the running pass (it goes round once more) instead of racing it.
    /// </summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref rerunRequested, 1);
        var total = 0;
        // Re-check after letting go, so a trigger that arrived just as the pass ended is not lost.
        while (Volatile.Read(ref rerunRequested) == 1 && Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            try
            {
                while (Interlocked.Exchange(ref rerunRequested, 0) == 1 && !ct.IsCancellationRequested)
                {
                    total += await DispatchAllAsync(ct);
                }
            }
            finally
            {
                Volatile.Write(ref running, 0);
            }
        }
        return total;
    }

    private async Task<int> DispatchAllAsync(CancellationToken ct)
    {
        var total = 0;
        // Bounded: a round that keeps losing races (another node dispatching) is left to the next trigger.
        for (var round = 0; round < MaxRounds && !ct.IsCancellationRequested; round++)
        {
            var claimed = await DispatchRoundAsync(ct);
            total += claimed;
            if (claimed == 0)
            {
                return total;
            }
        }
        logger.LogInformation("Dispatch stopped after {Rounds} rounds; the next trigger continues", MaxRounds);
        return total;
    }

    private async Task<int> DispatchRoundAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agents = await db.Agents.Where(a => a.Presence == AgentPresence.Ready).ToListAsync(ct);
        if (agents.Count == 0)
        {
            return 0;
        }
        agents = [.. agents.OrderBy(a => a.IdleSince)];
        var services = await db.CallbackServices.AsNoTracking().Where(s => !s.Paused).ToDictionaryAsync(s => s.Id, ct);
        var candidates = await QueueHead(db, options.Value.DispatchBatch).ToListAsync(ct);

        var claimed = 0;
        var estimates = new Dictionary<Guid, EstimateInputs>();
        foreach (var callback in candidates)
        {
            if (agents.Count == 0)
            {
                break;
            }
            if (!services.TryGetValue(callback.ServiceId, out var service))
            {
                continue;
            }
            if (!await PassesNumberRulesAsync(db, callback, service, ct))
            {
                continue;
            }
            bool Fits(Agent a) => a.HasSkills(service.Requirements) && !callback.RejectedByAgents.Contains(a.Id);
            var agent = agents.FirstOrDefault(Fits);
            if (agent is null)
            {
                continue;
            }
            if (!estimates.TryGetValue(service.Id, out var inputs))
            {
                inputs = estimates[service.Id] = await waitTimes.InputsAsync(db, service, ct);
            }
            var claim = await TryClaimAsync(db, callback, agent, Fits, agents, service, inputs, ct);
            if (claim.Outcome == ClaimOutcome.Skipped)
            {
                // Another node is taking this callback (or every agent that fits it) right now: on to the next.
                continue;
            }
            if (claim.Outcome == ClaimOutcome.Lost)
            {
                // The rows we read are stale; start a fresh round from the database.
                return claimed + 1;
            }
            claimed++;
            if (claim.AttemptId is { } attemptId)
            {
                triggers.Dial(attemptId);
            }
        }
        return claimed;
    }

    /// <summary>The first <paramref name="batch"/> queued callbacks: highest priority first, then the longest waiting (read in index order).</summary>
    public static IQueryable<Callback> QueueHead(AppDbContext db, int batch) => db.Callbacks
        .Where(c => c.State == CallbackState.Queued)
        .OrderByDescending(c => c.Priority).ThenBy(c => c.WaitingSince)
        .Take(batch);

    /// <summary>
    /// The number rules again, right before the dial: a number blocked, a country withdrawn or a number type refused
    /// since the request was accepted is not called; the callback completes as Failed with the rule's explanation.
    /// </summary>
    private async Task<bool> PassesNumberRulesAsync(AppDbContext db, Callback callback, CallbackService service, CancellationToken ct)
    {
        var verdict = RuleEvaluator.CheckNumber(callback.PhoneNumber, service.DefaultCountry, service.Rules).Verdict;
        if (verdict.Allowed)
        {
            return true;
        }
        callback.Record(clock.GetUtcNow(), Actor.Engine, CallbackEventKinds.Rule, $"{verdict.Rule}: {verdict.Explanation}");
        callback.Complete(CompletionReason.Failed, clock.GetUtcNow(), Actor.Engine, $"refused before dialing by rule {verdict.Rule}");
        try
        {
            await db.SaveChangesAsync(ct);
            events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, null));
            logger.LogInformation("Callback {CallbackId} not dialed: {Rule}", callback.Id, verdict.Rule);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed meanwhile (cancelled, say): drop this decision whole, its timeline rows included, so no later save writes them.
            foreach (var entry in db.ChangeTracker.Entries<CallbackEvent>().Where(e => e.State == EntityState.Added && e.Entity.CallbackId == callback.Id).ToList())
            {
                entry.State = EntityState.Detached;
            }
            db.Entry(callback).State = EntityState.Detached;
        }
        return false;
    }

    private enum ClaimOutcome
    {
        Won,
        /// <summary>A row changed since the round read it: the round's view is stale.</summary>
        Lost,
        /// <summary>PostgreSQL: another transaction holds the callback, or every agent that fits it; nothing was written.</summary>
        Skipped,
    }

    /// <summary>
    /// Reserves the agent for the callback (it leaves <paramref name="agents"/>), on PostgreSQL the first agent that
    /// <paramref name="fits"/> and no other transaction holds;
    /// returns the attempt to dial (none while a preview awaits the agent). On PostgreSQL the claim is its own transaction
    /// that first locks the callback and the agent with <c>FOR UPDATE SKIP LOCKED</c>: a node never waits for, nor races,
    /// a claim another node is making; it skips the rows that one holds (and the agents it took) and claims others. The
    /// save is version-checked on both databases, so a row changed since the round read it still loses the claim.
    /// </summary>
    private async Task<(ClaimOutcome Outcome, Guid? AttemptId)> TryClaimAsync(AppDbContext db, Callback callback, Agent agent, Func<Agent, bool> fits,
        List<Agent> agents, CallbackService service, EstimateInputs inputs, CancellationToken ct)
    {
        await using var transaction = db.IsPostgres() ? await db.Database.BeginTransactionAsync(ct) : null;
        if (transaction is not null)
        {
            if (!await LockAsync(db, $"SELECT \"Id\" AS \"Value\" FROM \"Callbacks\" WHERE \"Id\" = {callback.Id} AND \"State\" = {nameof(CallbackState.Queued)} FOR UPDATE SKIP LOCKED", ct))
            {
                return (ClaimOutcome.Skipped, null);
            }
            while (!await LockAsync(db, $"SELECT \"Id\" AS \"Value\" FROM \"Agents\" WHERE \"Id\" = {agent.Id} AND \"Presence\" = {nameof(AgentPresence.Ready)} FOR UPDATE SKIP LOCKED", ct))
            {
                // Being reserved by another node, or no longer Ready: not this round's to give.
                agents.Remove(agent);
                if (agents.FirstOrDefault(fits) is not { } next)
                {
                    return (ClaimOutcome.Skipped, null);
                }
                agent = next;
            }
        }
        agents.Remove(agent);

        var now = clock.GetUtcNow();
        var (position, ewt) = await waitTimes.PositionAndEstimateAsync(db, callback, service, ct, inputs);
        callback.PositionAtDial = position;
        callback.EwtAtDial = ewt;
        callback.Claim(agent.Id, now, now.AddSeconds(options.Value.ClaimLeaseSeconds), agent.Name);
        agent.Reserve(callback.Id, now);
        DialAttempt? attempt = null;
        if (service.PreviewEnabled)
        {
            callback.Record(now, Actor.Engine, CallbackEventKinds.Preview, $"offered to {agent.Name} for preview");
        }
        else
        {
            attempt = service.DialMode == DialMode.AgentFirst
                ? callback.AddAttempt(agent.Phone, agentFirst: true, now)
                : callback.AddAttempt(callback.PhoneNumber, agentFirst: false, now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another dispatcher (or a cancel) changed one of the rows first: this claim is not ours.
            logger.LogDebug("Lost the claim race for callback {CallbackId}", callback.Id);
            return (ClaimOutcome.Lost, null);
        }
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, agent.Id));
        if (service.PreviewEnabled)
        {
            triggers.PreviewTimeoutAt(callback.Id, agent.Id, now.AddSeconds(service.PreviewTimeoutSeconds));
        }
        return (ClaimOutcome.Won, attempt?.Id);
    }

    /// <summary>Runs a one-row <c>SELECT … FOR UPDATE SKIP LOCKED</c>; true when it locked the row.</summary>
    private static async Task<bool> LockAsync(AppDbContext db, FormattableString sql, CancellationToken ct) =>
        (await db.Database.SqlQuery<Guid>(sql).ToListAsync(ct)).Count == 1;
}
