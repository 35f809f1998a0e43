using Microsoft.Extensions.Options;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// Plays one call out like a carrier: initiated, ringing, then busy / no answer / failed, or answered, in which case
/// it fetches the app's instructions, bridges the &lt;Dial&gt; target and reports how that went, then completes.
/// A hang-up request ends it early (canceled before the answer, completed after).
/// </summary>
internal sealed class SimulatedCallScript(
    IOptions<CarrierSimulatorOptions> options, CarrierSimulator simulator, SimulatorWebhooks webhooks, TimeProvider time)
{
    public async Task RunAsync(SimulatedCall call, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, call.HangUpRequested);
        var ct = linked.Token;
        var answeredAt = 0L;
        try
        {
            await ReportAsync(call, "initiated", "initiated", ct);
            switch (call.Outcome)
            {
                case SimulatedOutcome.Failed:
                    await FinishAsync(call, "failed", null, stopping);
                    return;
                case SimulatedOutcome.Busy:
                    await FinishAsync(call, "busy", null, stopping);
                    return;
            }
            // The phone rings from now, however long the app takes to take in the news.
            var ringing = DelayAsync(options.Value.RingSeconds, ct);
            await ReportAsync(call, "ringing", "ringing", ct);
            await ringing;
            if (call.Outcome == SimulatedOutcome.NoAnswer)
            {
                await FinishAsync(call, "no-answer", null, stopping);
                return;
            }

            answeredAt = time.GetTimestamp();
            call.Answer(call.MachineDetection ? AnsweredBy(call.Outcome) : null);
            await ReportAsync(call, "in-progress", "answered", ct);
            var dial = TwimlReader.FindDial(await webhooks.FetchInstructionsAsync(call, ct));
            var talked = dial is null ? 0 : await BridgeAsync(call, dial, ct);
            await FinishAsync(call, "completed", Math.Max(talked, Elapsed(answeredAt)), stopping);
        }
        catch (OperationCanceledException) when (call.HangUpRequested.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            var answered = call.WasAnswered;
            await FinishAsync(call, answered ? "completed" : "canceled", answered ? Elapsed(answeredAt) : null, stopping);
        }
    }

    /// <summary>Seconds the bridged parties talked (0 when the other party did not pick up).</summary>
    private async Task<int> BridgeAsync(SimulatedCall call, TwimlDial dial, CancellationToken ct)
    {
        var settings = options.Value;
        var leg = call.Dial(dial.Target, time.GetUtcNow());
        var connected = simulator.BridgedPartyAnswers();
        var held = connected ? simulator.HeldTalk(call.To) : null;
        var started = time.GetTimestamp();
        if (connected)
        {
            leg.Update("in-progress");
        }
        var talked = 0;
        try
        {
            await (held?.WaitAsync(ct) ?? DelayAsync(connected ? settings.TalkSeconds : settings.RingSeconds, ct));
        }
        finally
        {
            // However the bridge ends (a hang-up included), the child call has its final status before the parent's.
            talked = !connected ? 0 : held is null && !ct.IsCancellationRequested ? settings.TalkSeconds : Elapsed(started);
            leg.Update(connected ? "completed" : "no-answer", talked);
        }
        if (dial.Action is not null)
        {
            await webhooks.ReportDialResultAsync(call, dial, leg.Sid, connected ? "completed" : "no-answer", talked, ct);
        }
        return talked;
    }

    private Task ReportAsync(SimulatedCall call, string callStatus, string statusEvent, CancellationToken ct)
    {
        if (callStatus != "in-progress")
        {
            call.Update(callStatus);
        }
        return webhooks.ReportStatusAsync(call, callStatus, statusEvent, null, ct);
    }

    private Task FinishAsync(SimulatedCall call, string callStatus, int? duration, CancellationToken stopping)
    {
        call.Update(callStatus, duration ?? 0);
        return webhooks.ReportStatusAsync(call, callStatus, "completed", duration ?? 0, stopping);
    }

    private static string AnsweredBy(SimulatedOutcome outcome) => outcome switch
    {
        SimulatedOutcome.Machine => "machine_end_beep",
        SimulatedOutcome.Fax => "fax",
        _ => "human",
    };

    private int Elapsed(long since) => (int)time.GetElapsedTime(since).TotalSeconds;

    private Task DelayAsync(int seconds, CancellationToken ct) =>
        seconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(seconds), time, ct);
}
