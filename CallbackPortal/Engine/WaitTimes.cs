using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>Position in queue and estimated wait (EWT) per service, from recent handle times and the agents logged in with the skills.</summary>
public sealed class WaitTimes(IOptions<EngineOptions> options)
{
    private const int RecentCalls = 50;

    /// <summary>Position 1 is next. EWT is −1 when no agent with the skills is logged in.</summary>
    /// <param name="inputs">Agents and handle time already read for this service (a dispatch round reads them once).</param>
    public async Task<(int Position, int EwtSeconds)> PositionAndEstimateAsync(AppDbContext db, Callback callback, CallbackService service, CancellationToken ct,
        EstimateInputs? inputs = null)
    {
        // Two range counts on the (service, state, priority, waiting since) index, so each reads only the callbacks ahead;
        // one count with an OR of the two read the whole queue, for every claim (a long queue made dispatch ever slower).
        var queued = db.Callbacks.Where(c => c.ServiceId == service.Id && c.State == CallbackState.Queued && c.Id != callback.Id);
        var ahead = await queued.CountAsync(c => c.Priority > callback.Priority, ct)
            + await queued.CountAsync(c => c.Priority == callback.Priority && c.WaitingSince < callback.WaitingSince, ct);
        var position = ahead + 1;
        inputs ??= await InputsAsync(db, service, ct);
        return (position, WaitEstimate.EstimateSeconds(position, inputs.EligibleAgents, inputs.HandleSeconds));
    }

    /// <summary>The wait a new immediate callback would face now (the status API's ewtSeconds), and how many are queued.</summary>
    public async Task<(int Queued, int EwtSeconds)> ForNewCallbackAsync(AppDbContext db, CallbackService service, CancellationToken ct)
    {
        var queued = await db.Callbacks.CountAsync(c => c.ServiceId == service.Id && c.State == CallbackState.Queued, ct);
        return (queued, await EstimateAsync(db, service, queued + 1, ct));
    }

    private async Task<int> EstimateAsync(AppDbContext db, CallbackService service, int position, CancellationToken ct)
    {
        var inputs = await InputsAsync(db, service, ct);
        return WaitEstimate.EstimateSeconds(position, inputs.EligibleAgents, inputs.HandleSeconds);
    }

    /// <summary>How many agents with the service's skills are logged in, and the recent average handle time.</summary>
    public async Task<EstimateInputs> InputsAsync(AppDbContext db, CallbackService service, CancellationToken ct)
    {
        var loggedIn = await db.Agents.AsNoTracking().Where(a => a.Presence != AgentPresence.Offline).ToListAsync(ct);
        var eligible = loggedIn.Count(a => a.HasSkills(service.Requirements));
        var recent = await db.DialAttempts.AsNoTracking()
            .Where(a => a.TalkSeconds > 0 && db.Callbacks.Any(c => c.Id == a.CallbackId && c.ServiceId == service.Id))
            .OrderByDescending(a => a.EndedAt)
            .Take(RecentCalls)
            .Select(a => (double)a.TalkSeconds!.Value)
            .ToListAsync(ct);
        return new EstimateInputs(eligible, WaitEstimate.AverageHandleSeconds(recent, options.Value.DefaultHandleSeconds + service.WrapUpSeconds));
    }
}

public sealed record EstimateInputs(int EligibleAgents, double HandleSeconds);
