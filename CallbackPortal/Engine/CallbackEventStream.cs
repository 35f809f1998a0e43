using System.Threading.Channels;

namespace CallbackPortal.Engine;

public enum EngineEventKind
{
    CallbackChanged,
    AgentChanged,
    ServiceChanged,
}

/// <summary>Something changed in the engine (after it was committed); live pages refresh from the database.</summary>
public sealed record EngineEvent(EngineEventKind Kind, Guid? ServiceId, Guid? CallbackId, Guid? AgentId);

/// <summary>
/// The one in-process stream of engine events. Publishing never blocks the engine: a subscriber that falls
/// behind loses its oldest events (it re-reads the database anyway).
/// </summary>
public sealed class CallbackEventStream
{
    private readonly Lock gate = new();
    private readonly List<Channel<EngineEvent>> subscribers = [];

    public void Publish(EngineEvent engineEvent)
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

    public async IAsyncEnumerable<EngineEvent> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (gate)
        {
            subscribers.Add(channel);
        }
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
            {
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
