using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Push;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Push;

/// <summary>The notifier in the running app: engine events enqueue its Hangfire job, which sends to a local push service.</summary>
[Collection(PortalCollection.Name)]
public sealed class PushNotifierTests(SharedPortal portal) : IAsyncLifetime
{
    private PushServiceStandIn pushService = null!;
    private static int nextNumber;

    public async Task InitializeAsync() => pushService = await PushServiceStandIn.StartAsync();

    public async Task DisposeAsync() => await pushService.DisposeAsync();

    internal static string NewNumber() => $"+1202555{Interlocked.Increment(ref nextNumber) % 10000 + 3000:D4}";

    private async Task<(CallbackService Service, VapidKeyPair Keys)> ServiceAsync(Action<CallbackService>? configure = null)
    {
        VapidKeyPair? keys = null;
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            keys = PushServices.EnableWebPush(portal.Host, s);
            configure?.Invoke(s);
        });
        return (service, keys!);
    }

    private async Task<(Guid Id, string Token)> CreateAsync(CallbackService service, TestSubscriber subscriber, string? language = null)
    {
        using var client = portal.Host.NewClient();
        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = NewNumber(), language, push = subscriber.WebPushBody });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ApiServices.JsonAsync(response);
        return (json.GetProperty("id").GetGuid(), json.GetProperty("accessToken").GetString()!);
    }

    private async Task CancelAsync(Guid id, string token)
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/callbacks/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(request)).StatusCode);
    }

    private Task<bool> ReceivedAsync(TestSubscriber subscriber, params string[] events) =>
        ApiServices.EventuallyAsync(() => Task.FromResult(pushService.EventsTo(subscriber).SequenceEqual(events)));

    [Fact]
    public async Task ACreateWithASubscriptionSendsTheConfirmationEncryptedWithAValidVapidToken()
    {
        var (service, keys) = await ServiceAsync();
        using var subscriber = pushService.NewSubscriber();

        var (id, _) = await CreateAsync(service, subscriber);

        Assert.True(await ReceivedAsync(subscriber, "confirmed"), "the push service never received the confirmation");
        var expected = JsonNode.Parse($$"""
            {"title":"Callback confirmed","body":"We'll call you as soon as an agent is free.",
             "data":{"callbackId":"{{id}}","event":"confirmed","service":"{{service.Key}}"},"tag":"callback-{{id:N}}"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, pushService.MessagesTo(subscriber).Single()), pushService.MessagesTo(subscriber).Single().ToJsonString());
        var received = pushService.Received.Single(r => subscriber.Endpoint.EndsWith(r.Path, StringComparison.Ordinal));
        var authorization = received.Headers.Authorization.ToString()["vapid ".Length..].Split(", ");
        Assert.Equal("k=" + keys.PublicKey, authorization[1]);
        var claims = VapidKeys.Verify(authorization[0]["t=".Length..], keys.PublicKey, DateTimeOffset.UtcNow);
        Assert.NotNull(claims);
        Assert.Equal(PushServices.Subject, claims["sub"]!.GetValue<string>());
        Assert.Equal("normal", received.Headers["Urgency"].ToString());
        Assert.InRange(int.Parse(received.Headers["TTL"].ToString(), System.Globalization.CultureInfo.InvariantCulture), 60, 86_400);
        Assert.True(await ApiServices.EventuallyAsync(async () => (await PushRuns.LedgerAsync(portal.Host, id)) is [{ State: PushNotificationState.Delivered, ProviderStatus: 201, Attempts: 1 }]));
    }

    [Fact]
    public async Task ACancelledCallbackTellsTheDeviceInItsLanguageThenForgetsTheDevice()
    {
        var (service, _) = await ServiceAsync();
        using var subscriber = pushService.NewSubscriber();
        var (id, token) = await CreateAsync(service, subscriber, "de-DE");
        Assert.True(await ReceivedAsync(subscriber, "confirmed"));

        await CancelAsync(id, token);

        Assert.True(await ReceivedAsync(subscriber, "confirmed", "cancelled"), string.Join(",", pushService.EventsTo(subscriber)));
        var cancelled = pushService.MessagesTo(subscriber)[1];
        Assert.Equal("Rückruf storniert", cancelled["title"]!.GetValue<string>());
        Assert.Equal("Ihr Rückruf wurde storniert.", cancelled["body"]!.GetValue<string>());
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            return !await db.PushSubscriptions.AnyAsync(s => s.CallbackId == id);
        }), "the subscription (personal data) outlived its finished callback");
    }

    [Fact]
    public async Task ACallbackThatEndsUnreachedSendsFailedAndAConversationSendsNothing()
    {
        var (service, _) = await ServiceAsync();
        using var unreached = pushService.NewSubscriber();
        using var talked = pushService.NewSubscriber();
        var (unreachedId, _) = await CreateAsync(service, unreached);
        var (talkedId, _) = await CreateAsync(service, talked);
        Assert.True(await ReceivedAsync(unreached, "confirmed"));
        Assert.True(await ReceivedAsync(talked, "confirmed"));

        await CompleteAsync(unreachedId, service.Id, CompletionReason.CustomerUnreachable);
        await CompleteAsync(talkedId, service.Id, CompletionReason.AgentConnected);

        Assert.True(await ReceivedAsync(unreached, "confirmed", "failed"), string.Join(",", pushService.EventsTo(unreached)));
        await PushRuns.ScanAsync(portal.Host);
        Assert.Equal(["confirmed"], pushService.EventsTo(talked));
    }

    /// <summary>As the engine ends a callback: the state change saved, then the event published.</summary>
    private async Task CompleteAsync(Guid id, Guid serviceId, CompletionReason reason)
    {
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var callback = await db.Callbacks.SingleAsync(c => c.Id == id);
            callback.Complete(reason, DateTimeOffset.UtcNow, Actor.Engine, "test");
            await db.SaveChangesAsync();
        }
        portal.Host.Services.GetRequiredService<CallbackEventStream>().Publish(new EngineEvent(EngineEventKind.CallbackChanged, serviceId, id, null));
    }

    [Fact]
    public async Task A410RemovesTheSubscriptionAndNothingMoreIsSentToIt()
    {
        var (service, _) = await ServiceAsync();
        using var subscriber = pushService.NewSubscriber();
        pushService.Answer = path => subscriber.Endpoint.EndsWith(path, StringComparison.Ordinal) ? (410, null) : null;
        var (id, token) = await CreateAsync(service, subscriber);

        Assert.True(await ApiServices.EventuallyAsync(async () => (await PushRuns.LedgerAsync(portal.Host, id)) is [{ State: PushNotificationState.Gone }]));
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            Assert.False(await db.PushSubscriptions.AnyAsync(s => s.CallbackId == id));
        }
        await CancelAsync(id, token);
        await PushRuns.ScanAsync(portal.Host);

        Assert.Single(pushService.MessagesTo(subscriber));
        var ledger = await PushRuns.LedgerAsync(portal.Host, id);
        Assert.Equal([PushEvent.Confirmed], ledger.Select(n => n.Event));
        Assert.Equal(410, ledger[0].ProviderStatus);
    }

    [Fact]
    public async Task A429WithRetryAfterIsSentAgainOnceAfterTheWait()
    {
        var (service, _) = await ServiceAsync();
        using var subscriber = pushService.NewSubscriber();
        var answered = 0;
        pushService.Answer = path => subscriber.Endpoint.EndsWith(path, StringComparison.Ordinal) && Interlocked.Increment(ref answered) == 1 ? (429, 2) : null;
        var (id, _) = await CreateAsync(service, subscriber);

        Assert.True(await ApiServices.EventuallyAsync(async () => (await PushRuns.LedgerAsync(portal.Host, id)) is [{ State: PushNotificationState.Pending, NextAttemptAt: not null }]));
        var waiting = (await PushRuns.LedgerAsync(portal.Host, id)).Single();
        Assert.Equal(429, waiting.ProviderStatus);
        Assert.InRange(waiting.NextAttemptAt!.Value - waiting.SentAt!.Value, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(3));
        await PushRuns.ScanAsync(portal.Host);
        Assert.Single(pushService.MessagesTo(subscriber));

        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(DateTimeOffset.UtcNow > waiting.NextAttemptAt)));
        await PushRuns.ScanAsync(portal.Host);
        await PushRuns.ScanAsync(portal.Host);

        var received = pushService.Received.Where(r => subscriber.Endpoint.EndsWith(r.Path, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromSeconds(1.9));
        Assert.True((await PushRuns.LedgerAsync(portal.Host, id)) is [{ State: PushNotificationState.Delivered, Attempts: 2, ProviderStatus: 201 }]);
    }

    [Fact]
    public async Task ARowLeftSendingPastTheLeaseIsReportedFailedAndNeverSent()
    {
        var (service, _) = await ServiceAsync();
        using var subscriber = pushService.NewSubscriber();
        using var client = portal.Host.NewClient();
        var created = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = NewNumber() }));
        var id = created.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var subscription = new PushSubscription { Id = Guid.NewGuid(), CallbackId = id, Channel = PushChannel.WebPush, Endpoint = subscriber.Endpoint, P256dh = subscriber.P256dh, Auth = subscriber.Auth, CreatedAt = now };
            db.PushNotifications.Add(new PushNotification
            {
                CallbackId = id, SubscriptionId = subscription.Id, Channel = PushChannel.WebPush, Event = PushEvent.Confirmed,
                State = PushNotificationState.Sending, Attempts = 1, CreatedAt = now.AddMinutes(-3), SentAt = now - PushNotifier.SendingLease - TimeSpan.FromSeconds(5),
            });
            db.PushSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
        }

        await PushRuns.ScanAsync(portal.Host);
        await PushRuns.ScanAsync(portal.Host);

        var row = Assert.Single(await PushRuns.LedgerAsync(portal.Host, id));
        Assert.Equal(PushNotificationState.Failed, row.State);
        Assert.Equal(PushNotifier.OutcomeUnknown, row.ProviderAnswer);
        Assert.Equal(1, row.Attempts);
        Assert.Empty(pushService.MessagesTo(subscriber));
    }

    [Fact]
    public async Task TheTimelineShowsEachNotificationWithItsOutcomeButNotTheEndpoint()
    {
        var (service, _) = await ServiceAsync();
        using var subscriber = pushService.NewSubscriber();
        var (id, token) = await CreateAsync(service, subscriber);
        Assert.True(await ReceivedAsync(subscriber, "confirmed"));
        pushService.Answer = _ => (400, null);
        await CancelAsync(id, token);
        Assert.True(await ApiServices.EventuallyAsync(async () => (await PushRuns.LedgerAsync(portal.Host, id)).Count(n => n.State == PushNotificationState.Failed) == 1));

        var details = portal.Host.Services.GetRequiredService<CallbackDetails>();
        var view = await details.LoadAsync(new PortalActor("admin", "admin@example.test", ServiceScope.Everything), id, mayManage: true, CancellationToken.None);

        var pushes = view!.Timeline.Where(e => e.Kind == PushTimeline.Kind).ToList();
        Assert.Equal(["Push “Callback confirmed” via Web Push", "Push “Callback cancelled” via Web Push"], pushes.Select(e => e.Title));
        Assert.Equal("PushDelivered (HTTP 201)", pushes[0].Detail);
        Assert.Equal("PushFailed (HTTP 400): status 400", pushes[1].Detail);
        var endpointPath = new Uri(subscriber.Endpoint).AbsolutePath;
        Assert.DoesNotContain(view.Timeline, e => $"{e.Title} {e.Detail} {string.Join(" ", e.Facts)}".Contains(endpointPath.Split('/')[^1], StringComparison.Ordinal));
    }
}
