using System.Text.Json;
using System.Threading.Channels;
using CallbackPortal.Hosting;
using Npgsql;

namespace CallbackPortal.Engine;

/// <summary>Whether the relay's listener is connected, since when, and what went wrong last.</summary>
public sealed record EventRelayStatus(bool Listening, DateTimeOffset Since, string? Problem);

/// <summary>
/// Carries engine events between the nodes sharing one PostgreSQL database: this node's events (from the
/// <see cref="EngineEventOutbox"/>) go out by <c>NOTIFY callbackportal_events</c>, batched (a burst becomes a few
/// payloads under PostgreSQL's 8000-byte limit) and marked with this node's id; a dedicated connection <c>LISTEN</c>s and
/// delivers the other nodes' events to this node's <see cref="CallbackEventStream"/> with
/// <see cref="CallbackEventStream.PublishLocal"/> (so they are not sent back out). Notifications sent while the listener
/// is away are lost: after reconnecting it publishes one <see cref="EngineEvent.Resync"/> locally, and live pages re-read
/// the database. Only on PostgreSQL; on SQLite there is one node and no relay.
/// </summary>
public sealed class PostgresEventRelay : BackgroundService
{
    public const string Channel = "callbackportal_events";
    public const string ListenerApplicationName = "callbackportal-listener";
    public const string SenderApplicationName = "callbackportal-notify";

    /// <summary>PostgreSQL refuses payloads of 8000 bytes or more; this leaves a margin.</summary>
    public const int MaxPayloadBytes = 7900;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Events taken from the outbox at once; they become one or a few payloads.</summary>
    private const int BatchSize = 1000;

    private readonly CallbackEventStream events;
    private readonly EngineEventOutbox outbox;
    private readonly NpgsqlDataSource sender;
    private readonly NpgsqlDataSource listener;
    private readonly TimeProvider clock;
    private readonly ILogger<PostgresEventRelay> log;
    private long sequence;
    private long reconnections;
    private long payloadsSent;
    private volatile EventRelayStatus status;

    /// <param name="clock">Paces reconnecting and retrying only (wall time in the app; tests drive it).</param>
    public PostgresEventRelay(CallbackEventStream events, EngineEventOutbox outbox, PostgresConnectionString connectionString,
        ILogger<PostgresEventRelay> log, TimeProvider clock)
    {
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
        this.log = log;
        NodeId = Guid.NewGuid().ToString("N");
        ListenerName = $"{ListenerApplicationName}-{NodeId}";
        sender = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString.Value)
        {
            ApplicationName = SenderApplicationName,
            MaxPoolSize = 2,
        }.ConnectionString).Build();
        listener = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString.Value)
        {
            ApplicationName = ListenerName,
            // One long-lived connection: a broken one is thrown away, never pooled; keepalives notice a silent network.
            Pooling = false,
            KeepAlive = 15,
        }.ConnectionString).Build();
        status = new EventRelayStatus(false, clock.GetUtcNow(), "Not connected yet.");
    }

    /// <summary>This node's id in the payloads (random per process), so it ignores its own notifications.</summary>
    public string NodeId { get; }

    /// <summary>The listener connection's application name (<c>callbackportal-listener-</c> and the node id).</summary>
    public string ListenerName { get; }

    public EventRelayStatus Status => status;

    /// <summary>How often the listener connected again after losing its connection.</summary>
    public long Reconnections => Interlocked.Read(ref reconnections);

    /// <summary>NOTIFY payloads sent so far.</summary>
    public long PayloadsSent => Interlocked.Read(ref payloadsSent);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    public override void Dispose()
    {
        base.Dispose();
        sender.Dispose();
        listener.Dispose();
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var failures = 0;
        var connectedBefore = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await listener.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                status = new EventRelayStatus(true, clock.GetUtcNow(), null);
                if (connectedBefore || failures > 0)
                {
                    Interlocked.Increment(ref reconnections);
                    log.LogInformation("Listening for other nodes' events again (node {NodeId}); live pages refresh from the database", NodeId);
                    // Whatever the other nodes sent meanwhile is lost.
                    events.PublishLocal(EngineEvent.Resync);
                }
                else
                {
                    log.LogDebug("Listening for other nodes' events on {Channel} (node {NodeId})", Channel, NodeId);
                }
                connectedBefore = true;
                failures = 0;
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = RetryDelay(failures++);
                status = new EventRelayStatus(false, status.Listening ? clock.GetUtcNow() : status.Since, e.Message);
                log.LogWarning(e, "Not listening for other nodes' events ({Problem}); trying again in {Delay} ms", e.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            var decoded = EventRelayPayload.Decode(payload);
            if (decoded.NodeId == NodeId)
            {
                return;
            }
            if (decoded.Resync)
            {
                events.PublishLocal(EngineEvent.Resync);
            }
            foreach (var engineEvent in decoded.Events)
            {
                events.PublishLocal(engineEvent);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            log.LogWarning(e, "Ignored a notification on {Channel} that is not an engine event payload", Channel);
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<EngineEvent>(BatchSize);
        try
        {
            while (await outbox.Reader.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < BatchSize && outbox.Reader.TryRead(out var engineEvent))
                {
                    batch.Add(engineEvent);
                }
                var payloads = EventRelayPayload.Encode(NodeId, ref sequence, outbox.TakeOverflow(), batch, MaxPayloadBytes);
                await SendAllAsync(payloads, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends the payloads in order, retrying from the first one not sent until it goes through (a resend is harmless).</summary>
    private async Task SendAllAsync(IReadOnlyList<string> payloads, CancellationToken ct)
    {
        var next = 0;
        var failures = 0;
        while (next < payloads.Count)
        {
            try
            {
                await using var connection = await sender.OpenConnectionAsync(ct);
                for (; next < payloads.Count; next++)
                {
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payload", payloads[next]);
                    await notify.ExecuteNonQueryAsync(ct);
                    Interlocked.Increment(ref payloadsSent);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var delay = RetryDelay(failures++);
                log.LogWarning(e, "Could not send this node's events to the other nodes ({Problem}); trying again in {Delay} ms", e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, clock, ct);
            }
        }
    }

    /// <summary>Exponential backoff from <see cref="FirstRetryDelay"/>, capped at <see cref="MaxRetryDelay"/>.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20))));
}
