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
    public async Task<(int Position, int EwtSeconds)> PositionAndEstimateAsync(AppDbContext db, Callback callback, CallbackService service, CancellationToken ct)
    {
        var ahead = await db.Callbacks.CountAsync(c => c.ServiceId == service.Id && c.State == CallbackState.Queued && c.Id != callback.Id
            && (c.Priority > callback.Priority || (c.Priority == callback.Priority && c.WaitingSince < callback.WaitingSince)), ct);
        var position = ahead + 1;
        return (position, await EstimateAsync(db, service, position, ct));
    }

    /// <summary>The wait a new immediate callback would face now (the status API's ewtSeconds), and how many are queued.</summary>
    public async Task<(int Queued, int EwtSeconds)> ForNewCallbackAsync(AppDbContext db, CallbackService service, CancellationToken ct)
    {
        var queued = await db.Callbacks.CountAsync(c => c.ServiceId == service.Id && c.State == CallbackState.Queued, ct);
        return (queued, await EstimateAsync(db, service, queued + 1, ct));
    }

    private async Task<int> EstimateAsync(AppDbContext db, CallbackService service, int position, CancellationToken ct)
    {
        var loggedIn = await db.Agents.AsNoTracking().Where(a => a.Presence != AgentPresence.Offline).ToListAsync(ct);
        var eligible = loggedIn.Count(a => a.HasSkills(service.Requirements));
        var recent = await db.DialAttempts.AsNoTracking()
            .Where(a => a.TalkSeconds > 0 && db.Callbacks.Any(c => c.Id == a.CallbackId && c.ServiceId == service.Id))
            .OrderByDescending(a => a.EndedAt)
            .Take(RecentCalls)
            .Select(a => (double)a.TalkSeconds!.Value)
            .ToListAsync(ct);
        var handle = WaitEstimate.AverageHandleSeconds(recent, options.Value.DefaultHandleSeconds + service.WrapUpSeconds);
        return WaitEstimate.EstimateSeconds(position, eligible, handle);
    }
}
