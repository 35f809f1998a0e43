using System.Threading.Channels;
using CallbackPortal.Engine;

namespace CallbackPortal.Agents;

/// <summary>Tells a live page that agents changed in the engine (presence, reservations), from the one <see cref="CallbackEventStream"/>.</summary>
public sealed class AgentChangeFeed(CallbackEventStream events)
{
    /// <summary>
    /// Calls <paramref name="changed"/> after agents change in the engine (presence, reservations), until cancelled.
    /// A burst of changes during one call leads to one more call, not one per change.
    /// </summary>
    public async Task WatchAsync(Func<Task> changed, CancellationToken ct)
    {
        var pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var refresher = Task.Run(async () =>
        {
            await foreach (var _ in pending.Reader.ReadAllAsync(ct))
            {
                await changed();
            }
        }, ct);
        try
        {
            await foreach (var change in events.SubscribeAsync(ct))
            {
                if (change.AgentId is not null || change.Kind == EngineEventKind.AgentChanged)
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
}
