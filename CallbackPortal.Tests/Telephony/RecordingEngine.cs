using System.Collections.Concurrent;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Telephony;

/// <summary>
/// The engine's side of the port, reduced to a recorder: it keeps every progress report and bridge result, answers
/// instructions from <see cref="Instructions"/>, and lets a test wait until what it expects has arrived.
/// </summary>
internal sealed class RecordingEngine : ICallProgressSink, ICallInstructionSource
{
    private readonly ConcurrentQueue<object> events = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<Guid, CallInstructions?> Instructions { get; set; } =
        _ => new CallInstructions("This is your callback.", "+15550001111", null, "en-US");

    /// <summary>Everything received, in order: <see cref="ProgressEvent"/> and <see cref="BridgeEvent"/>.</summary>
    public IReadOnlyList<object> Events => [.. events];

    public IReadOnlyList<ProgressEvent> Progress => [.. events.OfType<ProgressEvent>()];

    public IReadOnlyList<BridgeEvent> Bridges => [.. events.OfType<BridgeEvent>()];

    public Task OnProgressAsync(Guid attemptId, string providerCallId, CallProgress progress, CancellationToken ct)
    {
        Record(new ProgressEvent(attemptId, providerCallId, progress));
        return Task.CompletedTask;
    }

    public Task OnBridgeResultAsync(Guid attemptId, BridgeResult result, CancellationToken ct)
    {
        Record(new BridgeEvent(attemptId, result));
        return Task.CompletedTask;
    }

    public Task<CallInstructions?> GetInstructionsAsync(Guid attemptId, CancellationToken ct) => Task.FromResult(Instructions(attemptId));

    /// <summary>Waits (10 s at most) until an attempt reached one of the given stages.</summary>
    public Task<ProgressEvent> WaitForStageAsync(Guid attemptId, params CallStage[] stages) =>
        WaitUntilAsync(() => Progress.FirstOrDefault(p => p.AttemptId == attemptId && stages.Contains(p.Progress.Stage)));

    public async Task<T> WaitUntilAsync<T>(Func<T?> found, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var signal = Volatile.Read(ref changed).Task;
            if (found() is { } result)
            {
                return result;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Not seen in time. Received: {string.Join(" | ", Events)}");
            }
            try
            {
                await signal.WaitAsync(left);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private void Record(object item)
    {
        events.Enqueue(item);
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

internal sealed record ProgressEvent(Guid AttemptId, string CallSid, CallProgress Progress);

internal sealed record BridgeEvent(Guid AttemptId, BridgeResult Result);
