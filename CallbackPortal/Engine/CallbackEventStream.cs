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
