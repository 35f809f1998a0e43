using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Push;

/// <summary>
/// Sends the Pending notifications of the ledger, each at most once: a row is taken with a conditional update
/// (Pending → Sending) that only one runner can win, sent, and its outcome recorded. A row found Sending past the lease
/// (the process stopped mid-send) is reported Failed with an unknown outcome and never sent again.
/// </summary>
public sealed class PushNotifier(
    IDbContextFactory<AppDbContext> dbFactory, WebPushSender webPush, FcmSender fcm, SecretProtector secrets, TimeProvider clock)
{
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(2);
    public const int MaxAttempts = 5;
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public const string OutcomeUnknown = "Outcome unknown: the sender stopped while sending; not sent again.";
    private const int Batch = 200;

    /// <summary>Sends what is due now; returns how many rows this runner took.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await FailStaleAsync(ct);
        var now = clock.GetUtcNow();
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.PushNotifications.AsNoTracking()
                .Where(n => n.State == PushNotificationState.Pending && (n.NextAttemptAt == null || n.NextAttemptAt <= now))
                .OrderBy(n => n.Id).Select(n => n.Id).Take(Batch).ToListAsync(ct);
        }
        var taken = 0;
        foreach (var id in due)
        {
            if (await TryTakeAsync(id, ct))
            {
                taken++;
                await SendTakenAsync(id, ct);
            }
        }
        return taken;
    }

    /// <summary>Rows left Sending longer than the lease: the send may or may not have reached the device, so never again.</summary>
    public async Task<int> FailStaleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var before = now - SendingLease;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PushNotifications.Where(n => n.State == PushNotificationState.Sending && n.SentAt < before)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, PushNotificationState.Failed)
                .SetProperty(n => n.FinishedAt, now).SetProperty(n => n.ProviderAnswer, OutcomeUnknown), ct);
    }

    private async Task<bool> TryTakeAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PushNotifications.Where(n => n.Id == id && n.State == PushNotificationState.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, PushNotificationState.Sending)
                .SetProperty(n => n.Attempts, n => n.Attempts + 1).SetProperty(n => n.SentAt, now), ct) == 1;
    }

    private async Task SendTakenAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notification = await db.PushNotifications.AsNoTracking().SingleAsync(n => n.Id == id, ct);
        var subscription = await db.PushSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == notification.SubscriptionId, ct);
        var callback = await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == notification.CallbackId, ct);
        if (subscription is null)
        {
            await FinishAsync(db, notification, PushNotificationState.Dropped, null, "The device unsubscribed before it was sent.", ct);
            return;
        }
        if (notification.Event is PushEvent.Confirmed or PushEvent.Coming && callback.State is CallbackState.Processing or CallbackState.Completed)
        {
            await FinishAsync(db, notification, PushNotificationState.Dropped, null, PushPlanner.EndedBeforeSent, ct);
            return;
        }
        var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
        var delivery = await SendAsync(subscription, notification, callback, service, ct);
        await RecordAsync(db, notification, subscription, delivery, ct);
    }

    private async Task<PushDelivery> SendAsync(PushSubscription subscription, PushNotification notification, Callback callback, CallbackService service, CancellationToken ct)
    {
        var message = PushMessages.For(notification.Event, callback, service);
        var settings = service.Push;
        if (subscription.Channel == PushChannel.WebPush)
        {
            var privateKey = settings.WebPushEnabled ? secrets.Unprotect(settings.VapidPrivateKeyProtected) : null;
            if (privateKey is null || settings.VapidPublicKey is null || settings.VapidSubject is null)
            {
                return PushDelivery.NotSent(PushOutcome.Failed, "Web Push is not turned on, or its keys cannot be read, for this service.");
            }
            var vapid = new VapidIdentity(settings.VapidPublicKey, privateKey, settings.VapidSubject);
            var urgency = notification.Event == PushEvent.Coming ? PushUrgency.High : PushUrgency.Normal;
            return await webPush.SendAsync(subscription.ToWebPush(), vapid, message, PushMessages.TimeToLive(notification.Event, callback, clock.GetUtcNow()), urgency, ct);
        }
        var key = settings.FcmEnabled && settings.HasFcmCredentials() ? secrets.Unprotect(settings.FcmPrivateKeyProtected) : null;
        if (key is null)
        {
            return PushDelivery.NotSent(PushOutcome.Failed, "FCM is not turned on, or its service account cannot be read, for this service.");
        }
        var credentials = new FcmCredentials(settings.FcmProjectId!, settings.FcmClientEmail!, key, settings.FcmPrivateKeyId, settings.FcmTokenUri!);
        return await fcm.SendAsync(credentials, subscription.Endpoint, message, ct);
    }

    private async Task RecordAsync(AppDbContext db, PushNotification notification, PushSubscription subscription, PushDelivery delivery, CancellationToken ct)
    {
        switch (delivery.Outcome)
        {
            case PushOutcome.Delivered:
                await FinishAsync(db, notification, PushNotificationState.Delivered, delivery.ProviderStatus, delivery.ProviderAnswer, ct);
                break;
            case PushOutcome.Gone:
                await db.PushSubscriptions.Where(s => s.Id == subscription.Id).ExecuteDeleteAsync(ct);
                await FinishAsync(db, notification, PushNotificationState.Gone, delivery.ProviderStatus, delivery.ProviderAnswer, ct);
                break;
            case PushOutcome.RetryLater when notification.Attempts < MaxAttempts:
                var wait = delivery.RetryAfter ?? FirstRetry * Math.Pow(2, notification.Attempts - 1);
                var next = clock.GetUtcNow() + wait;
                await db.PushNotifications.Where(n => n.Id == notification.Id && n.State == PushNotificationState.Sending)
                    .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, PushNotificationState.Pending).SetProperty(n => n.NextAttemptAt, next)
                        .SetProperty(n => n.ProviderStatus, delivery.ProviderStatus).SetProperty(n => n.ProviderAnswer, Answer(delivery)), ct);
                break;
            default:
                await FinishAsync(db, notification, PushNotificationState.Failed, delivery.ProviderStatus, Answer(delivery), ct);
                break;
        }
    }

    private static string? Answer(PushDelivery delivery) =>
        string.IsNullOrEmpty(delivery.ProviderAnswer) ? delivery.Outcome.ToString() : PushDelivery.Clip(delivery.ProviderAnswer);

    /// <summary>Only from Sending: a row the stale check already reported Failed keeps that report.</summary>
    private async Task FinishAsync(AppDbContext db, PushNotification notification, PushNotificationState state, int? status, string? answer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.PushNotifications.Where(n => n.Id == notification.Id && n.State == PushNotificationState.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, state).SetProperty(n => n.FinishedAt, now)
                .SetProperty(n => n.ProviderStatus, status).SetProperty(n => n.ProviderAnswer, answer), ct);
    }
}
