using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Push;

/// <summary>
/// Decides from the database which notifications are due (DOMAIN.md §6) and writes each as a Pending ledger row. The
/// ledger's unique (subscription, event) index is what keeps a notification from being planned twice, also when two
/// scans run at once; a "coming" or confirmation that no longer applies after the callback ended is dropped.
/// </summary>
public sealed class PushPlanner(IDbContextFactory<AppDbContext> dbFactory, WaitTimes waitTimes, TimeProvider clock)
{
    public const string EndedBeforeSent = "The callback ended before it was sent.";

    /// <summary>Plans every callback that has a subscription; returns how many notifications were added.</summary>
    public async Task<int> PlanAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callbackIds = await db.PushSubscriptions.AsNoTracking().Select(s => s.CallbackId).Distinct().ToListAsync(ct);
        var services = new Dictionary<Guid, CallbackService>();
        var added = 0;
        foreach (var callbackId in callbackIds)
        {
            added += await PlanCallbackAsync(db, callbackId, services, ct);
        }
        return added;
    }

    /// <summary>
    /// Removes the subscriptions (personal data) of completed callbacks whose notifications are all final: nothing is
    /// left to tell those devices.
    /// </summary>
    public async Task<int> ForgetFinishedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PushSubscriptions
            .Where(s => db.Callbacks.Any(c => c.Id == s.CallbackId && c.State == CallbackState.Completed)
                && !db.PushNotifications.Any(n => n.CallbackId == s.CallbackId
                    && (n.State == PushNotificationState.Pending || n.State == PushNotificationState.Sending)))
            .ExecuteDeleteAsync(ct);
    }

    private async Task<int> PlanCallbackAsync(AppDbContext db, Guid callbackId, Dictionary<Guid, CallbackService> services, CancellationToken ct)
    {
        var callback = await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callbackId, ct);
        if (callback is null)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        if (callback.State == CallbackState.Completed)
        {
            await db.PushNotifications
                .Where(n => n.CallbackId == callbackId && n.State == PushNotificationState.Pending
                    && (n.Event == PushEvent.Confirmed || n.Event == PushEvent.Coming))
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, PushNotificationState.Dropped)
                    .SetProperty(n => n.FinishedAt, now).SetProperty(n => n.ProviderAnswer, EndedBeforeSent), ct);
        }
        var subscriptions = await db.PushSubscriptions.AsNoTracking().Where(s => s.CallbackId == callbackId)
            .Select(s => new { s.Id, s.Channel }).ToListAsync(ct);
        var planned = await db.PushNotifications.AsNoTracking().Where(n => n.CallbackId == callbackId)
            .Select(n => new { n.SubscriptionId, n.Event }).ToListAsync(ct);
        bool Missing(PushEvent e) => subscriptions.Any(s => !planned.Any(p => p.SubscriptionId == s.Id && p.Event == e));

        if (!services.TryGetValue(callback.ServiceId, out var service))
        {
            service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
            services[service.Id] = service;
        }
        var due = new List<PushEvent>();
        if (callback.State == CallbackState.Completed)
        {
            if (TerminalEvent(callback.Reason) is { } terminal)
            {
                due.Add(terminal);
            }
        }
        else
        {
            due.Add(PushEvent.Confirmed);
            if (Missing(PushEvent.Coming) && await ComingIsDueAsync(db, callback, service, now, ct))
            {
                due.Add(PushEvent.Coming);
            }
        }
        var added = 0;
        foreach (var subscription in subscriptions)
        {
            foreach (var pushEvent in due.Where(e => !planned.Any(p => p.SubscriptionId == subscription.Id && p.Event == e)))
            {
                added += await TryAddAsync(db, new PushNotification
                {
                    CallbackId = callbackId,
                    SubscriptionId = subscription.Id,
                    Channel = subscription.Channel,
                    Event = pushEvent,
                    State = PushNotificationState.Pending,
                    CreatedAt = now,
                }, ct) ? 1 : 0;
            }
        }
        return added;
    }

    /// <summary>What the consumer hears when the callback ended; nothing after a conversation.</summary>
    public static PushEvent? TerminalEvent(CompletionReason? reason) => reason switch
    {
        CompletionReason.Cancelled or CompletionReason.CancelledByAdmin => PushEvent.Cancelled,
        CompletionReason.AgentConnected or null => null,
        _ => PushEvent.Failed,
    };

    /// <summary>
    /// "Your call is coming": the wait estimate fell to the threshold (an estimate of −1, no agent logged in, is not a
    /// wait), a scheduled time is that close, or an agent is already being connected without it having been sent.
    /// </summary>
    private async Task<bool> ComingIsDueAsync(AppDbContext db, Callback callback, CallbackService service, DateTimeOffset now, CancellationToken ct)
    {
        var threshold = service.PushThresholdSeconds;
        if (threshold <= 0 || callback.State == CallbackState.Processing)
        {
            return false;
        }
        if (callback.State == CallbackState.Routing)
        {
            return true;
        }
        if (!callback.IsImmediate && callback.DesiredTime.AddSeconds(-threshold) <= now)
        {
            return true;
        }
        if (callback.State != CallbackState.Queued)
        {
            return false;
        }
        var (_, ewt) = await waitTimes.PositionAndEstimateAsync(db, callback, service, ct);
        return ewt >= 0 && ewt <= threshold;
    }

    /// <summary>Adds one row; false when another scan planned the same notification first (the unique index said no).</summary>
    private static async Task<bool> TryAddAsync(AppDbContext db, PushNotification notification, CancellationToken ct)
    {
        db.PushNotifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.Entry(notification).State = EntityState.Detached;
        }
    }
}
