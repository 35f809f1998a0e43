using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CallbackPortal.Agents;
using CallbackPortal.Engine;
using CallbackPortal.Push;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.Push;

/// <summary>"Your call is coming": once as the wait falls under the threshold, or that long before a scheduled time; and each notice once under parallel scans.</summary>
[Collection(PortalCollection.Name)]
public sealed class PushComingTests(SharedPortal portal) : IAsyncLifetime
{
    private PushServiceStandIn pushService = null!;

    public async Task InitializeAsync() => pushService = await PushServiceStandIn.StartAsync();

    public async Task DisposeAsync() => await pushService.DisposeAsync();

    private async Task<(Guid Id, string Token)> CreateAsync(CallbackService service, TestSubscriber? subscriber = null, DateTimeOffset? desiredTime = null)
    {
        using var client = portal.Host.NewClient();
        object body = subscriber is null
            ? new { phoneNumber = PushNotifierTests.NewNumber(), desiredTime }
            : new { phoneNumber = PushNotifierTests.NewNumber(), desiredTime, push = subscriber.WebPushBody };
        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ApiServices.JsonAsync(response);
        return (json.GetProperty("id").GetGuid(), json.GetProperty("accessToken").GetString()!);
    }

    private async Task CancelAsync((Guid Id, string Token) callback)
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/callbacks/{callback.Id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callback.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(request)).StatusCode);
    }

    private Task<bool> ReceivedAsync(TestSubscriber subscriber, params string[] events) =>
        ApiServices.EventuallyAsync(() => Task.FromResult(pushService.EventsTo(subscriber).SequenceEqual(events)));

    [Fact]
    public async Task ComingIsSentExactlyOnceAsTheWaitFallsUnderTheThreshold()
    {
        var handle = portal.Host.Services.GetRequiredService<IOptions<EngineOptions>>().Value.DefaultHandleSeconds;
        var skill = "push-coming-" + Guid.NewGuid().ToString("N")[..8];
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            PushServices.EnableWebPush(portal.Host, s);
            s.RequiredSkills = [new RequiredSkill { Skill = skill }];
            s.WrapUpSeconds = 0;
            // Position 1 waits one handle time (under the threshold), position 2 two (over it).
            s.PushThresholdSeconds = handle + (handle / 2);
        });
        var agent = new Agent { Id = Guid.NewGuid(), Name = "Push NotReady", Phone = "sip:push-notready@agents.test", Skills = [new AgentSkill { Skill = skill, Level = 1 }] };
        agent.SetPresence(AgentPresence.NotReady, DateTimeOffset.UtcNow);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.Agents.Add(agent);
            await db.SaveChangesAsync();
        }
        var ahead = new List<(Guid, string)>();
        for (var i = 0; i < 8; i++)
        {
            ahead.Add(await CreateAsync(service));
        }
        using var subscriber = pushService.NewSubscriber();
        var mine = await CreateAsync(service, subscriber);
        Assert.True(await ReceivedAsync(subscriber, "confirmed"));
        var minutes = ((9 * handle) + 59) / 60;
        Assert.Equal($"We'll call you in about {minutes} min.", pushService.MessagesTo(subscriber)[0]["body"]!.GetValue<string>());

        foreach (var callback in ahead.Take(7))
        {
            await CancelAsync(callback);
            await PushRuns.ScanAsync(portal.Host);
            Assert.DoesNotContain(await PushRuns.LedgerAsync(portal.Host, mine.Id), n => n.Event == PushEvent.Coming);
        }
        await CancelAsync(ahead[7]);

        Assert.True(await ReceivedAsync(subscriber, "confirmed", "coming"), string.Join(",", pushService.EventsTo(subscriber)));
        for (var i = 0; i < 2; i++)
        {
            await CancelAsync(await CreateAsync(service));
            await PushRuns.ScanAsync(portal.Host);
        }
        Assert.Equal(["confirmed", "coming"], pushService.EventsTo(subscriber));
        var coming = pushService.Received.Where(r => subscriber.Endpoint.EndsWith(r.Path, StringComparison.Ordinal)).Last();
        Assert.Equal("high", coming.Headers["Urgency"].ToString());
        Assert.Equal("Your call is coming", pushService.MessagesTo(subscriber)[1]["title"]!.GetValue<string>());
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            await db.Agents.Where(a => a.Id == agent.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task AScheduledCallbackHearsComingTheThresholdBeforeItsTime()
    {
        var desired = DateTimeOffset.UtcNow.AddDays(1);
        desired = desired.AddTicks(-(desired.Ticks % TimeSpan.TicksPerSecond));
        var comingAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            PushServices.EnableWebPush(portal.Host, s);
            s.PushThresholdSeconds = (int)(desired - comingAt).TotalSeconds;
        });
        using var subscriber = pushService.NewSubscriber();

        var (id, _) = await CreateAsync(service, subscriber, desired);

        Assert.True(await ReceivedAsync(subscriber, "confirmed"));
        Assert.Equal($"We'll call you at {desired.UtcDateTime.ToString("g", CultureInfo.GetCultureInfo("en"))}.", pushService.MessagesTo(subscriber)[0]["body"]!.GetValue<string>());
        await PushRuns.ScanAsync(portal.Host);
        Assert.True(DateTimeOffset.UtcNow < comingAt.AddSeconds(-1), "too slow to check that nothing came early");
        Assert.DoesNotContain(await PushRuns.LedgerAsync(portal.Host, id), n => n.Event == PushEvent.Coming);

        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= comingAt.AddSeconds(1))));
        await PushRuns.ScanAsync(portal.Host);

        Assert.True(await ReceivedAsync(subscriber, "confirmed", "coming"), string.Join(",", pushService.EventsTo(subscriber)));
    }

    [Fact]
    public async Task ParallelScansDeliverEachNotificationOnce()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => PushServices.EnableWebPush(portal.Host, s));
        var subscribers = Enumerable.Range(0, 6).Select(_ => pushService.NewSubscriber()).ToList();
        var ids = new List<Guid>();
        foreach (var _ in subscribers)
        {
            ids.Add((await CreateAsync(service)).Id);
        }
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.PushSubscriptions.AddRange(subscribers.Select((s, i) => new PushSubscription
            {
                Id = Guid.NewGuid(), CallbackId = ids[i], Channel = PushChannel.WebPush, Endpoint = s.Endpoint, P256dh = s.P256dh, Auth = s.Auth, CreatedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PushRuns.ScanAsync(portal.Host))));
        await PushRuns.ScanAsync(portal.Host);

        foreach (var (subscriber, id) in subscribers.Zip(ids))
        {
            Assert.Equal(["confirmed"], pushService.EventsTo(subscriber));
            Assert.True((await PushRuns.LedgerAsync(portal.Host, id)) is [{ State: PushNotificationState.Delivered, Attempts: 1 }]);
        }
        subscribers.ForEach(s => s.Dispose());
    }
}
