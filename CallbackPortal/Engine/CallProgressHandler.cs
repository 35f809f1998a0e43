using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Telephony;

namespace CallbackPortal.Engine;

/// <summary>
/// Turns verified call progress from the telephony provider into engine decisions. Every delivery is
/// idempotent: progress for an attempt that already ended changes nothing.
/// </summary>
public sealed class CallProgressHandler(CallOutcomes outcomes, TimeProvider clock, ITelephonyProvider provider, ILogger<CallProgressHandler> logger) : ICallProgressSink
{
    public async Task OnProgressAsync(Guid attemptId, string providerCallId, CallProgress progress, CancellationToken ct)
    {
        var hangUp = false;
        var known = await outcomes.WithCallAsync(attemptId, async call =>
        {
            call.Attempt.ProviderCallId ??= providerCallId;
            if (call.Attempt.Stage == AttemptStage.Finished)
            {
                return false;
            }
            hangUp = false;
            return progress.Stage switch
            {
                CallStage.Queued or CallStage.Ringing => MarkDialing(call),
                CallStage.Answered => Answered(call, progress, out hangUp),
                CallStage.Completed => await EndedAsync(call, progress, providerCallId, ct),
                _ => Failed(call, progress),
            };
        }, ct);
        if (hangUp)
        {
            await provider.HangUpAsync(providerCallId, ct);
        }
        if (!known)
        {
            logger.LogDebug("Progress {Stage} for attempt {AttemptId} changed nothing", progress.Stage, attemptId);
        }
    }

    public Task OnBridgeResultAsync(Guid attemptId, BridgeResult result, CancellationToken ct) =>
        outcomes.WithCallAsync(attemptId, call =>
        {
            if (call.Attempt.Stage == AttemptStage.Finished || call.Callback.State != CallbackState.Routing)
            {
                return Task.FromResult(false);
            }
            if (result.Connected)
            {
                outcomes.Connected(call, call.Attempt.AgentFirst ? "consumer answered" : "agent answered");
                return Task.FromResult(true);
            }
            if (call.Attempt.AgentFirst)
            {
                // The agent is on the line; it is the consumer who did not answer.
                return Task.FromResult(outcomes.Finish(call, ConsumerResult(result.Detail), result.Detail));
            }
            outcomes.AgentUnreachable(call, $"agent leg: {result.Detail}", consumerWaiting: true);
            return Task.FromResult(true);
        }, ct);

    private static bool MarkDialing(CallContext call)
    {
        if (call.Attempt.Stage == AttemptStage.Created)
        {
            call.Attempt.Stage = AttemptStage.Dialing;
            return true;
        }
        return false;
    }

    private bool Answered(CallContext call, CallProgress progress, out bool hangUp)
    {
        hangUp = false;
        var (_, attempt, _, service, agent) = call;
        if (attempt.Stage == AttemptStage.Answered)
        {
            return false;
        }
        attempt.Stage = AttemptStage.Answered;
        attempt.AnsweredAt = clock.GetUtcNow();
        attempt.AnsweredBy = progress.AnsweredBy.ToString();
        if (!attempt.AgentFirst && progress.AnsweredBy == AnsweredBy.Fax)
        {
            hangUp = true;
            return outcomes.Finish(call, DialResult.Fax, "a fax machine answered");
        }
        if (!attempt.AgentFirst && progress.AnsweredBy == AnsweredBy.Machine && service.MachineTreatment != MachineTreatment.CountAsConnected)
        {
            hangUp = true;
            return outcomes.Finish(call, DialResult.AnsweringMachine, "an answering machine answered");
        }
        agent?.StartCall(attempt.AnsweredAt.Value);
        return true;
    }

    private async Task<bool> EndedAsync(CallContext call, CallProgress progress, string providerCallId, CancellationToken ct)
    {
        if (call.Callback.State == CallbackState.Processing)
        {
            outcomes.Hungup(call, progress.DurationSeconds);
            return true;
        }
        if (call.Attempt.Stage == AttemptStage.Answered && call.Callback.State == CallbackState.Routing)
        {
            // Answered, then ended, and the app never heard how the bridge went (it was down when the provider told it):
            // the provider knows whether the other leg was dialed and answered.
            switch (await BridgedLegAsync(providerCallId, ct))
            {
                case { Connected: true } leg:
                    outcomes.Connected(call, $"both parties talked ({leg.Detail}; learned from the provider after the call)");
                    outcomes.Hungup(call, leg.DurationSeconds);
                    return true;
                case { Dialed: false } when !call.Attempt.AgentFirst:
                    return outcomes.Finish(call, DialResult.Failed, "answered, but never put through to the agent: the call did not get its instructions");
            }
        }
        if (call.Attempt.Stage == AttemptStage.Answered && !call.Attempt.AgentFirst)
        {
            // The consumer answered but hung up before an agent came on the line.
            return outcomes.Finish(call, DialResult.Person, "the consumer hung up before the agent answered");
        }
        if (call.Attempt.AgentFirst)
        {
            outcomes.AgentUnreachable(call, "the agent's call ended before the consumer was connected", consumerWaiting: false);
            return true;
        }
        return outcomes.Finish(call, DialResult.Unknown, progress.Detail ?? "ended");
    }

    /// <summary>What the provider says of the call's other leg; null when it cannot tell (or cannot be reached: the reason then stays as heard).</summary>
    private async Task<BridgedLeg?> BridgedLegAsync(string providerCallId, CancellationToken ct)
    {
        try
        {
            return await provider.FindBridgedLegAsync(providerCallId, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("Could not ask the provider about the other leg of call {CallId}: {Error}", providerCallId, e.Message);
            return null;
        }
    }

    private bool Failed(CallContext call, CallProgress progress)
    {
        var result = ToResult(progress.Stage);
        if (call.Attempt.AgentFirst)
        {
            outcomes.AgentUnreachable(call, $"the agent's line: {result}", consumerWaiting: false);
            return true;
        }
        return outcomes.Finish(call, result, progress.Detail ?? progress.Stage.ToString());
    }

    private static DialResult ToResult(CallStage stage) => stage switch
    {
        CallStage.Busy => DialResult.Busy,
        CallStage.NoAnswer => DialResult.NoAnswer,
        CallStage.Canceled => DialResult.Rejected,
        _ => DialResult.Failed,
    };

    private static DialResult ConsumerResult(string detail) =>
        detail.Contains("busy", StringComparison.OrdinalIgnoreCase) ? DialResult.Busy
        : detail.Contains("no-answer", StringComparison.OrdinalIgnoreCase) || detail.Contains("noanswer", StringComparison.OrdinalIgnoreCase) ? DialResult.NoAnswer
        : DialResult.Failed;
}
