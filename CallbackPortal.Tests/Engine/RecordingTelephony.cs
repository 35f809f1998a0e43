using System.Collections.Concurrent;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Engine;

/// <summary>
/// The provider side of the port for engine tests: records every originate request (and how often each
/// idempotency key was sent); the test then plays the provider's progress reports itself.
/// </summary>
public sealed class RecordingTelephony : ITelephonyProvider
{
    private readonly ConcurrentQueue<PlacedCall> calls = new();
    private readonly ConcurrentDictionary<string, int> sendsPerKey = new();

    public string Name => "recording";

    /// <summary>When set, the next originate requests are refused with this result.</summary>
    public Queue<OriginateResult> Refusals { get; } = new();

    public List<string> HungUp { get; } = [];

    public IReadOnlyList<PlacedCall> Calls => [.. calls];

    public IReadOnlyDictionary<string, int> SendsPerKey => sendsPerKey;

    /// <summary>What the provider answers when asked about a call, by call id (unknown: not found).</summary>
    public ConcurrentDictionary<string, CallProgress> Statuses { get; } = new();

    /// <summary>The call ids the engine asked about, in order.</summary>
    public ConcurrentQueue<string> StatusRequests { get; } = new();

    public Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken ct)
    {
        sendsPerKey.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        lock (Refusals)
        {
            if (Refusals.Count > 0)
            {
                return Task.FromResult(Refusals.Dequeue());
            }
        }
        var call = new PlacedCall(request.AttemptId, $"CA{request.AttemptId:N}", request.To, request.From, request.IdempotencyKey);
        calls.Enqueue(call);
        return Task.FromResult(OriginateResult.Ok(call.CallId));
    }

    public PlacedCall LastCallTo(string to) => calls.Last(c => c.To == to);

    public Task<CallProgress?> GetCallStatusAsync(string providerCallId, CancellationToken ct)
    {
        StatusRequests.Enqueue(providerCallId);
        return Task.FromResult(Statuses.GetValueOrDefault(providerCallId));
    }

    /// <summary>What the provider says of a call's other leg, by call id (unknown: it cannot tell).</summary>
    public ConcurrentDictionary<string, BridgedLeg> Legs { get; } = new();

    public Task<BridgedLeg?> FindBridgedLegAsync(string providerCallId, CancellationToken ct) => Task.FromResult(Legs.GetValueOrDefault(providerCallId));

    public Task<bool> HangUpAsync(string providerCallId, CancellationToken ct)
    {
        lock (HungUp)
        {
            HungUp.Add(providerCallId);
        }
        return Task.FromResult(true);
    }
}

public sealed record PlacedCall(Guid AttemptId, string CallId, string To, string From, string IdempotencyKey);
