using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CallbackPortal.Diagnostics;
using CallbackPortal.Engine;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CallbackPortal.Tests.ScaleOut;

/// <summary>
/// Two nodes' event relays on one real PostgreSQL database, without the web host (no Hangfire, so outside the "Portal"
/// collection): each node is a <see cref="CallbackEventStream"/> with its outbox and relay, as the app wires them.
/// </summary>
public sealed class EventRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private string connectionString = "";
    private readonly List<Node> nodes = [];

    public async Task InitializeAsync() => connectionString = await PostgresServer.CreateDatabaseAsync("relay");

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
        await PostgresServer.DropDatabaseAsync(connectionString);
    }

    [Fact]
    public async Task AnEventPublishedOnOneNodeArrivesOnTheOtherAndNotTwiceOnItsOwn()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        var change = new EngineEvent(EngineEventKind.CallbackChanged, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        a.Events.Publish(change);
        await WaitUntilAsync(() => b.Received.Contains(change), "B did not receive A's event");

        // Anything B sends now is notified after A's event, so once A has it A has also seen its own notification.
        var marker = new EngineEvent(EngineEventKind.AgentChanged, null, null, Guid.NewGuid());
        b.Events.Publish(marker);
        await WaitUntilAsync(() => a.Received.Contains(marker), "A did not receive B's event");

        Assert.Equal(1, a.Received.Count(e => e == change));
        Assert.Equal(1, b.Received.Count(e => e == change));
        Assert.Equal(1, b.Received.Count(e => e == marker));
        Assert.DoesNotContain(a.Received, e => e.IsResync);
        Assert.DoesNotContain(b.Received, e => e.IsResync);
    }

    [Fact]
    public async Task ABurstArrivesWholeInFewPayloadsUnderTheLimit()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        // What goes over the wire, seen by a listener of the test's own.
        var payloads = new ConcurrentQueue<string>();
        await using var spy = new NpgsqlConnection(connectionString);
        await spy.OpenAsync();
        spy.Notification += (_, e) => payloads.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresEventRelay.Channel}", spy))
        {
            await listen.ExecuteNonQueryAsync();
        }
        using var stopSpy = new CancellationTokenSource();
        var spying = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await spy.WaitAsync(stopSpy.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var burst = Enumerable.Range(0, 2000)
            .Select(i => new EngineEvent((EngineEventKind)(i % 3), Guid.NewGuid(), Guid.NewGuid(), i % 2 == 0 ? Guid.NewGuid() : null))
            .ToList();
        var expected = burst.ToHashSet();
        try
        {
            foreach (var change in burst)
            {
                a.Events.Publish(change);
            }
            await WaitUntilAsync(() => expected.IsSubsetOf(b.Received), () => $"B received {expected.Count(b.Received.Contains)} of {expected.Count} events");
            await WaitUntilAsync(() => payloads.Sum(p => EventRelayPayload.Decode(p).Events.Count) >= burst.Count, "the spy did not see every event");
        }
        finally
        {
            await stopSpy.CancelAsync();
            await spying;
        }

        Assert.Equal(burst.Count, b.Received.Count(expected.Contains));
        Assert.All(payloads, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) < 8000, $"a payload of {p.Length} bytes"));
        Assert.InRange(payloads.Count, 2, 200);
        Assert.Equal(payloads.Count, a.Relay.PayloadsSent);
        Assert.All(payloads, p => Assert.Equal(a.Relay.NodeId, EventRelayPayload.Decode(p).NodeId));
    }

    [Fact]
    public async Task AKilledListenerIsDegradedThenReconnectsResyncsAndHearsAgain()
    {
        var a = await StartNodeAsync();
        var clock = new FakeTimeProvider();
        var b = await StartNodeAsync(clock);
        var health = new EventRelayHealthCheck(b.Relay);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);

        Assert.Equal(1, await TerminateAsync(b.Relay.ListenerName));

        // The reconnect waits on the fake clock, so the outage lasts until the test moves it.
        await WaitUntilAsync(() => !b.Relay.Status.Listening, "B's relay did not notice that its listener was killed");
        var degraded = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("Not listening", degraded.Description);
        Assert.DoesNotContain(b.Received, e => e.IsResync);

        await WaitUntilAsync(() => b.Relay.Status.Listening, "B's relay did not reconnect", () => clock.Advance(PostgresEventRelay.MaxRetryDelay));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(1, b.Relay.Reconnections);
        await WaitUntilAsync(() => b.Received.Count(e => e.IsResync) == 1, "B published no resync after reconnecting");

        var after = new EngineEvent(EngineEventKind.CallbackChanged, Guid.NewGuid(), Guid.NewGuid(), null);
        a.Events.Publish(after);
        await WaitUntilAsync(() => b.Received.Contains(after), "B did not receive A's event after reconnecting");
        var back = new EngineEvent(EngineEventKind.ServiceChanged, Guid.NewGuid(), null, null);
        b.Events.Publish(back);
        await WaitUntilAsync(() => a.Received.Contains(back), "A did not receive B's event after B reconnected");
        // The resync is B's own business: it is not sent to the other nodes.
        Assert.DoesNotContain(a.Received, e => e.IsResync);
    }

    [Fact]
    public async Task ASubscriberThatFellBehindGetsAResyncBeforeTheRest()
    {
        var stream = new CallbackEventStream();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var subscription = stream.SubscribeAsync(stop.Token, capacity: 10).GetAsyncEnumerator(stop.Token);
        var first = subscription.MoveNextAsync();
        var burst = Enumerable.Range(0, 30).Select(_ => new EngineEvent(EngineEventKind.CallbackChanged, null, Guid.NewGuid(), null)).ToList();
        foreach (var change in burst)
        {
            stream.Publish(change);
        }

        var seen = new List<EngineEvent>();
        Assert.True(await first);
        seen.Add(subscription.Current);
        while (seen[^1] != burst[^1])
        {
            Assert.True(await subscription.MoveNextAsync());
            seen.Add(subscription.Current);
        }

        // Only the last ten were kept, and the subscriber heard of the loss before them.
        Assert.Single(seen, e => e.IsResync);
        Assert.Equal(burst[^10..], seen[^10..]);
        Assert.True(seen.IndexOf(EngineEvent.Resync) < seen.Count - 10);
    }

    [Fact]
    public void PayloadsSplitUnderTheLimitAndReadBack()
    {
        var events = Enumerable.Range(0, 500)
            .Select(i => new EngineEvent((EngineEventKind)(i % 3), Guid.NewGuid(), i % 2 == 0 ? Guid.NewGuid() : null, Guid.NewGuid()))
            .ToList();
        long sequence = 0;

        var payloads = EventRelayPayload.Encode("node1", ref sequence, resync: true, events, 1000);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.InRange(p.Length, 1, 1000));
        var decoded = payloads.Select(EventRelayPayload.Decode).ToList();
        Assert.Equal(events, decoded.SelectMany(d => d.Events));
        Assert.Equal(Enumerable.Range(1, payloads.Count).Select(i => (long)i), decoded.Select(d => d.Sequence));
        Assert.True(decoded[0].Resync);
        Assert.Single(decoded, d => d.Resync);
        Assert.All(decoded, d => Assert.Equal("node1", d.NodeId));
        Assert.Equal(payloads.Count, sequence);
        Assert.Single(EventRelayPayload.Encode("node1", ref sequence, resync: true, [], 1000));
        Assert.Empty(EventRelayPayload.Encode("node1", ref sequence, resync: false, [], 1000));
    }

    private async Task<Node> StartNodeAsync(TimeProvider? clock = null)
    {
        var node = new Node(new PostgresConnectionString(connectionString), clock ?? TimeProvider.System);
        nodes.Add(node);
        await node.StartAsync();
        await WaitUntilAsync(() => node.Relay.Status.Listening, "the relay did not start listening");
        return node;
    }

    private async Task<int> TerminateAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name",
            connection);
        kill.Parameters.AddWithValue("name", applicationName);
        return (int)(long)(await kill.ExecuteScalarAsync())!;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string failure, Action? eachTry = null) =>
        WaitUntilAsync(condition, () => failure, eachTry);

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> failure, Action? eachTry = null)
    {
        var met = await ScaleOutCluster.EventuallyAsync(() =>
        {
            if (condition())
            {
                return Task.FromResult(true);
            }
            eachTry?.Invoke();
            return Task.FromResult(false);
        }, Patience);
        Assert.True(met, $"{failure()} within {Patience.TotalSeconds} s");
    }

    /// <summary>One node as the app wires it: its stream hands published events to the outbox the relay sends from.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ConcurrentQueue<EngineEvent> received = new();
        private readonly CancellationTokenSource stop = new();
        private Task recording = Task.CompletedTask;

        public Node(PostgresConnectionString connectionString, TimeProvider clock)
        {
            var outbox = new EngineEventOutbox();
            Events = new CallbackEventStream(outbox);
            Relay = new PostgresEventRelay(Events, outbox, connectionString, NullLogger<PostgresEventRelay>.Instance, clock);
        }

        public CallbackEventStream Events { get; }

        public PostgresEventRelay Relay { get; }

        /// <summary>Everything delivered to this node's subscribers, in order.</summary>
        public IReadOnlyCollection<EngineEvent> Received => received.ToArray();

        public async Task StartAsync()
        {
            var subscribed = new TaskCompletionSource();
            recording = Task.Run(async () =>
            {
                // Room for a whole burst: the test counts every event, where a live page would settle for a resync.
                var events = Events.SubscribeAsync(stop.Token, capacity: 10_000).GetAsyncEnumerator(stop.Token);
                try
                {
                    // The first MoveNextAsync subscribes; it cannot complete before something is published.
                    var next = events.MoveNextAsync();
                    subscribed.SetResult();
                    while (await next)
                    {
                        received.Enqueue(events.Current);
                        next = events.MoveNextAsync();
                    }
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    await events.DisposeAsync();
                }
            });
            await subscribed.Task;
            await Relay.StartAsync(CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await Relay.StopAsync(CancellationToken.None);
            Relay.Dispose();
            await stop.CancelAsync();
            await recording;
            stop.Dispose();
        }
    }
}

/// <summary>
/// The relay inside the app: two hosts on one PostgreSQL database (in the "Portal" collection, since the hosts set up
/// Hangfire and its static state), and the SQLite host without any relay.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EventRelayHostTests(SharedPortal portal)
{
    [Fact]
    public async Task TwoPostgresNodesShareTheirEventsAndReportTheRelayAsReady()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("relayhost");
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:DefaultConnection"] = connectionString,
            };
            await using var a = new PortalHost(settings: settings);
            await using var b = new PortalHost(settings: settings);
            var relayA = a.Services.GetRequiredService<PostgresEventRelay>();
            var relayB = b.Services.GetRequiredService<PostgresEventRelay>();
            Assert.NotEqual(relayA.NodeId, relayB.NodeId);
            await WaitUntilAsync(() => relayA.Status.Listening && relayB.Status.Listening);

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var change = new EngineEvent(EngineEventKind.CallbackChanged, Guid.NewGuid(), Guid.NewGuid(), null);
            // Subscribed before it returns (the subscription is taken synchronously), so nothing published after is missed.
            var arrived = FirstAsync(b.Services.GetRequiredService<CallbackEventStream>(), e => e == change, stop.Token);
            a.Services.GetRequiredService<CallbackEventStream>().Publish(change);
            Assert.Equal(change, await arrived);

            using var client = a.NewClient();
            var response = await client.GetAsync("/health/ready");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var events = body.RootElement.GetProperty("checks").GetProperty("events");
            Assert.Equal("Healthy", events.GetProperty("status").GetString());
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task ASqliteNodeHasNoRelay()
    {
        Assert.Null(portal.Host.Services.GetService<PostgresEventRelay>());
        Assert.Null(portal.Host.Services.GetService<IEngineEventOutbox>());
        using var client = portal.Host.NewClient();
        using var body = JsonDocument.Parse(await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("checks").TryGetProperty("events", out _));
    }

    private static async Task<EngineEvent> FirstAsync(CallbackEventStream stream, Func<EngineEvent, bool> match, CancellationToken ct)
    {
        await foreach (var e in stream.SubscribeAsync(ct))
        {
            if (match(e))
            {
                return e;
            }
        }
        throw new InvalidOperationException("The stream ended.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await ScaleOutCluster.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(30)), "the relays did not start listening");
}
