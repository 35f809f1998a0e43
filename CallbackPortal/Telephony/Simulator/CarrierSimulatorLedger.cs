namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// Every call the simulator placed, by idempotency key: a repeated key gets the original call back and never a
/// second one. Read-only outside the simulator; tests and benchmarks count on it to prove "one dial per attempt".
/// </summary>
public sealed class CarrierSimulatorLedger
{
    private readonly object gate = new();
    private readonly Dictionary<string, SimulatedCall> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedCall> bySid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> placedPerKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> requestsPerKey = new(StringComparer.Ordinal);

    /// <summary>The calls placed so far, oldest first.</summary>
    public IReadOnlyList<CarrierCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. bySid.Values.OrderBy(c => c.Created).Select(c => c.ToView())];
            }
        }
    }

    /// <summary>How many calls were placed for each idempotency key (1 for every key, if the ledger does its job).</summary>
    public IReadOnlyDictionary<string, int> CallsPlacedPerKey
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, int>(placedPerKey, StringComparer.Ordinal);
            }
        }
    }

    public int CallsPlaced(string idempotencyKey)
    {
        lock (gate)
        {
            return placedPerKey.GetValueOrDefault(idempotencyKey);
        }
    }

    /// <summary>How many create requests carried this key, including repeats and refused ones.</summary>
    public int RequestsReceived(string idempotencyKey)
    {
        lock (gate)
        {
            return requestsPerKey.GetValueOrDefault(idempotencyKey);
        }
    }

    public CarrierCall? Find(string callSid) => FindCall(callSid)?.ToView();

    internal SimulatedCall? FindCall(string callSid)
    {
        lock (gate)
        {
            return bySid.GetValueOrDefault(callSid);
        }
    }

    /// <summary>The call already placed for the key, or the one <paramref name="place"/> makes (null: refused, nothing placed).</summary>
    internal (SimulatedCall? Call, bool Created) Place(string idempotencyKey, Func<SimulatedCall?> place)
    {
        lock (gate)
        {
            requestsPerKey[idempotencyKey] = requestsPerKey.GetValueOrDefault(idempotencyKey) + 1;
            if (byKey.TryGetValue(idempotencyKey, out var existing))
            {
                return (existing, false);
            }
            var call = place();
            if (call is null)
            {
                return (null, false);
            }
            byKey[idempotencyKey] = call;
            bySid[call.Sid] = call;
            placedPerKey[idempotencyKey] = placedPerKey.GetValueOrDefault(idempotencyKey) + 1;
            return (call, true);
        }
    }
}
