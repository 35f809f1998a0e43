using System.Collections.Concurrent;

namespace CallbackPortal.Telephony;

/// <summary>
/// Remembers the webhook deliveries already accepted (a bounded, in-memory window) so that a provider's retry or a
/// replayed request reaches the engine once. The engine stays idempotent too: this window is per process and forgets.
/// </summary>
public sealed class CallbackReplayFilter
{
    public const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, byte> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    /// <summary>True the first time a delivery is seen; false for a duplicate. Call <see cref="Forget"/> if handling it then fails.</summary>
    public bool TryAccept(string deliveryKey)
    {
        if (!seen.TryAdd(deliveryKey, 0))
        {
            return false;
        }
        order.Enqueue(deliveryKey);
        while (order.Count > Capacity && order.TryDequeue(out var oldest))
        {
            seen.TryRemove(oldest, out _);
        }
        return true;
    }

    /// <summary>Lets a delivery the engine failed to handle be accepted again when the provider retries it.</summary>
    public void Forget(string deliveryKey) => seen.TryRemove(deliveryKey, out _);

    public static string Key(params string?[] parts) => string.Join('\u001f', parts.Select(p => p ?? ""));
}
