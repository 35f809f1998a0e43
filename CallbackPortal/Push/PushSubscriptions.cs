using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Push;

/// <summary>The answer to a subscribe: the id to unsubscribe with.</summary>
public sealed record PushSubscriptionView(Guid SubscriptionId, string Channel, DateTimeOffset CreatedAt);

/// <summary>
/// Adds and removes a consumer's push subscriptions on a callback after it was created (the widget's "notify me" on
/// its confirmation, an app registering late). A subscription made at create time goes in with the callback
/// (<see cref="CallbackIntake"/>). Each change is published as an engine event, so the notifier sends what is due.
/// </summary>
public sealed class PushSubscriptions(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, CallbackEventStream events)
{
    /// <summary>Devices one callback notifies at most (a phone and a computer or two; not a broadcast list).</summary>
    public const int MaxPerCallback = 5;

    public async Task<PushSubscriptionView> SubscribeAsync(Guid callbackId, PushSubscriptionRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callback = await db.Callbacks.AsNoTracking().Where(c => c.Id == callbackId).Select(c => new { c.State, c.ServiceId }).SingleAsync(ct);
        if (callback.State == CallbackState.Completed)
        {
            throw new DomainException("not-subscribable", "This callback is over; there is nothing left to notify.");
        }
        var settings = await db.CallbackServices.AsNoTracking().Where(s => s.Id == callback.ServiceId).Select(s => s.Push).SingleAsync(ct);
        request.RequireEnabled(settings, "");
        var existing = await db.PushSubscriptions.SingleOrDefaultAsync(s => s.CallbackId == callbackId && s.Endpoint == request.Endpoint, ct);
        if (existing is not null)
        {
            // The same device again (a reload, a second tap): new keys replace the old, the notifications already sent stay sent.
            existing.P256dh = request.P256dh;
            existing.Auth = request.Auth;
        }
        else if (await db.PushSubscriptions.CountAsync(s => s.CallbackId == callbackId, ct) >= MaxPerCallback)
        {
            throw new DomainException("too-many-subscriptions", $"A callback notifies at most {MaxPerCallback} devices.");
        }
        else
        {
            existing = request.ToEntity(callbackId, clock.GetUtcNow());
            db.PushSubscriptions.Add(existing);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same device subscribed twice at once: the other request stored it.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            existing = await again.PushSubscriptions.AsNoTracking().SingleAsync(s => s.CallbackId == callbackId && s.Endpoint == request.Endpoint, ct);
        }
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callbackId, null));
        return new PushSubscriptionView(existing.Id, existing.Channel.ToString(), existing.CreatedAt);
    }

    /// <summary>Stops notifications to one device; false when it was not subscribed to this callback.</summary>
    public async Task<bool> UnsubscribeAsync(Guid callbackId, Guid subscriptionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PushSubscriptions.Where(s => s.Id == subscriptionId && s.CallbackId == callbackId).ExecuteDeleteAsync(ct) > 0;
    }
}
