using CallbackPortal.Engine;

namespace CallbackPortal.Agents;

/// <summary>Tells a live page that agents changed in the engine (presence, reservations), from the one <see cref="CallbackEventStream"/>.</summary>
public sealed class AgentChangeFeed(CallbackEventStream events)
{
    /// <summary>
    /// Calls <paramref name="changed"/> after agents change in the engine (presence, reservations), until cancelled.
    /// A burst of changes during one call leads to one more call, not one per change.
    /// </summary>
    public Task WatchAsync(Func<Task> changed, CancellationToken ct) =>
        WatchAsync(change => change.AgentId is not null || change.Kind == EngineEventKind.AgentChanged || change.IsResync, changed, ct);

    /// <summary>As <see cref="WatchAsync(Func{Task}, CancellationToken)"/>, for one agent only (their presence, their callbacks' calls).</summary>
    public Task WatchAsync(Guid agentId, Func<Task> changed, CancellationToken ct) =>
        WatchAsync(change => change.AgentId == agentId || change.IsResync, changed, ct);

    private Task WatchAsync(Func<EngineEvent, bool> relevant, Func<Task> changed, CancellationToken ct) =>
        events.WatchAsync(relevant, changed, TimeSpan.Zero, ct);
}
