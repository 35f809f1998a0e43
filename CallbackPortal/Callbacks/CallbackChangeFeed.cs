using System.Threading.Channels;
using CallbackPortal.Engine;

namespace CallbackPortal.Callbacks;

/// <summary>Tells a live page that one callback changed in the engine, from the one <see cref="CallbackEventStream"/>.</summary>
public sealed class CallbackChangeFeed(CallbackEventStream events)
{
    /// <summary>The shortest time between two calls of a watcher, however busy the engine is.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calls <paramref name="changed"/> after callback <paramref name="callbackId"/> changes, until cancelled. A burst of
    /// changes leads to one more call, not one per change, and calls are at least <see cref="MinimumGap"/> apart.
    /// </summary>
    public async Task WatchAsync(Guid callbackId, Func<Task> changed, CancellationToken ct)
    {
        var pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var refresher = Task.Run(async () =>
        {
            await foreach (var _ in pending.Reader.ReadAllAsync(ct))
            {
                await changed();
                // Wall time on purpose: this paces rendering, it is not a business time the fake clock of tests should drive.
                await Task.Delay(MinimumGap, ct);
            }
        }, ct);
        try
        {
            await foreach (var change in events.SubscribeAsync(ct))
            {
                if (change.CallbackId == callbackId)
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
