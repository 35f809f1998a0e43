using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CallbackPortal.Engine;

public enum EngineEventKind
{
    CallbackChanged,
    AgentChanged,
    ServiceChanged,
}

/// <summary>Something changed in the engine (after it was committed); live pages refresh from the database.</summary>
public sealed record EngineEvent(EngineEventKind Kind, Guid? ServiceId, Guid? CallbackId, Guid? AgentId)
{
    /// <summary>
    /// "Anything may have changed": published locally when changes may have been missed (the event relay between nodes
    /// lost its connection for a while); every watcher treats it as relevant and re-reads the database.
    /// </summary>
    public static readonly EngineEvent Resync = new(EngineEventKind.ServiceChanged, null, null, null);

    /// <summary>Whether this is <see cref="Resync"/> (a service change naming nothing).</summary>
    public bool IsResync => Kind == EngineEventKind.ServiceChanged && ServiceId is null && CallbackId is null && AgentId is null;
}

/// <summary>Where <see cref="CallbackEventStream.Publish"/> hands this node's events to be sent to the other nodes (the event relay on PostgreSQL).</summary>
public interface IEngineEventOutbox
{
    /// <summary>Takes an event to send; never blocks.</summary>
    void Offer(EngineEvent engineEvent);
}

/// <summary>
/// The one in-process stream of engine events. Publishing never blocks the engine: a subscriber that falls
/// behind loses its oldest events (it re-reads the database anyway). With an <see cref="IEngineEventOutbox"/> (several
/// nodes on PostgreSQL) each published event also goes to the other nodes, which deliver it with <see cref="PublishLocal"/>.
/// </summary>
public sealed class CallbackEventStream(IEngineEventOutbox? outbox = null)
{
    /// <summary>How many events a subscriber may be behind before it loses the oldest.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Lock gate = new();
    private readonly List<Channel<EngineEvent>> subscribers = [];

    /// <summary>An event of this node: delivered to this node's subscribers and handed to the outbox, if any.</summary>
    public void Publish(EngineEvent engineEvent)
    {
        PublishLocal(engineEvent);
        outbox?.Offer(engineEvent);
    }

    /// <summary>Delivers to this node's subscribers only (an event that came from another node, or a local resync).</summary>
    public void PublishLocal(EngineEvent engineEvent)
    {
        lock (gate)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Writer.TryWrite(engineEvent);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="changed"/> after each relevant event, until cancelled: a burst of events during one call leads to
    /// one more call, not one per event, and calls are at least <paramref name="minimumGap"/> apart (wall time on purpose:
    /// it paces rendering, it is not a business time a test's fake clock should drive).
    /// </summary>
    public async Task WatchAsync(Func<EngineEvent, bool> relevant, Func<Task> changed, TimeSpan minimumGap, CancellationToken ct)
    {
        var pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var refresher = Task.Run(async () =>
        {
            await foreach (var _ in pending.Reader.ReadAllAsync(ct))
            {
                await changed();
                if (minimumGap > TimeSpan.Zero)
                {
                    await Task.Delay(minimumGap, ct);
                }
            }
        }, ct);
        try
        {
            await foreach (var change in SubscribeAsync(ct))
            {
                if (relevant(change))
                {
                    pending.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        pending.Writer.TryComplete();
        try
        {
            await refresher;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The events published from now on. A subscriber more than <paramref name="capacity"/> events behind loses the oldest;
    /// it then gets one <see cref="EngineEvent.Resync"/> before the next event, so a watcher of one callback or agent whose
    /// event was among the lost still re-reads (a burst relayed from another node arrives all at once).
    /// </summary>
    public async IAsyncEnumerable<EngineEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken ct, int capacity = DefaultCapacity)
    {
        var lost = new StrongBox<int>();
        var channel = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Volatile.Write(ref lost.Value, 1));
        lock (gate)
        {
            subscribers.Add(channel);
        }
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
            {
                if (Interlocked.Exchange(ref lost.Value, 0) == 1)
                {
                    yield return EngineEvent.Resync;
                }
                yield return item;
            }
        }
        finally
        {
            lock (gate)
            {
                subscribers.Remove(channel);
            }
        }
    }
}
