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
    public Task WatchAsync(Guid callbackId, Func<Task> changed, CancellationToken ct) =>
        events.WatchAsync(change => change.CallbackId == callbackId || change.IsResync, changed, MinimumGap, ct);
}
