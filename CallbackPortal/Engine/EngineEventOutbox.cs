using System.Threading.Channels;

namespace CallbackPortal.Engine;

/// <summary>
/// This node's events waiting to be sent to the other nodes. Never blocks the engine: when the relay cannot keep up
/// (the database is away) the oldest events are dropped and the next payload asks the other nodes to resync instead.
/// </summary>
public sealed class EngineEventOutbox : IEngineEventOutbox
{
    public const int Capacity = 10_000;

    private readonly Channel<EngineEvent> channel;
    private int overflowed;

    public EngineEventOutbox()
    {
        channel = Channel.CreateBounded<EngineEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Volatile.Write(ref overflowed, 1));
    }

    public void Offer(EngineEvent engineEvent) => channel.Writer.TryWrite(engineEvent);

    public ChannelReader<EngineEvent> Reader => channel.Reader;

    /// <summary>Whether events were dropped since the last call (the other nodes then need a resync).</summary>
    public bool TakeOverflow() => Interlocked.Exchange(ref overflowed, 0) == 1;
}
