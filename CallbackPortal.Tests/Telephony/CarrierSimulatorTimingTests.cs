using CallbackPortal.Telephony;
using CallbackPortal.Telephony.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Telephony;

/// <summary>The simulator's waits run on the injected clock, and its draws follow the configured rates and seed.</summary>
public sealed class CarrierSimulatorTimingTests
{
    private const string Consumer = "+15550008888";

    private static async Task<TelephonyTestHost> StartAsync(RecordingEngine engine, FakeTimeProvider clock, params (string Key, string Value)[] settings)
    {
        var all = TelephonyTestHost.SimulatorSettings();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return await TelephonyTestHost.StartAsync(all, s => s.AddRecordingEngine(engine).AddSingleton<TimeProvider>(clock));
    }

    private static Task<OriginateResult> OriginateAsync(TelephonyTestHost host, Guid attempt) =>
        host.Services.GetRequiredService<ITelephonyProvider>()
            .OriginateAsync(new OriginateRequest(attempt, $"key-{attempt:N}", Consumer, "+15005550006", true, 30), CancellationToken.None);

    [Fact]
    public async Task ARingingCallHungUpIsCanceled()
    {
        var engine = new RecordingEngine();
        var clock = new FakeTimeProvider();
        await using var host = await StartAsync(engine, clock, ("Telephony:Simulator:RingSeconds", "30"));
        host.Services.GetRequiredService<CarrierSimulator>().Script(Consumer, SimulatedOutcome.Person);
        var attempt = Guid.NewGuid();

        var call = await OriginateAsync(host, attempt);
        await engine.WaitForStageAsync(attempt, CallStage.Ringing);
        var hungUp = await host.Services.GetRequiredService<ITelephonyProvider>().HangUpAsync(call.ProviderCallId!, CancellationToken.None);

        Assert.True(hungUp);
        await engine.WaitForStageAsync(attempt, CallStage.Canceled);
        Assert.DoesNotContain(engine.Progress, p => p.Progress.Stage == CallStage.Answered);
    }

    [Fact]
    public async Task TheCallIsAnsweredOnlyWhenTheRingTimeHasPassed()
    {
        var engine = new RecordingEngine();
        var clock = new FakeTimeProvider();
        await using var host = await StartAsync(engine, clock, ("Telephony:Simulator:RingSeconds", "30"));
        host.Services.GetRequiredService<CarrierSimulator>().Script(Consumer, SimulatedOutcome.Person);
        var attempt = Guid.NewGuid();

        await OriginateAsync(host, attempt);
        await engine.WaitForStageAsync(attempt, CallStage.Ringing);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain(engine.Progress, p => p.Progress.Stage == CallStage.Answered);
        clock.Advance(TimeSpan.FromSeconds(1));

        await engine.WaitForStageAsync(attempt, CallStage.Completed);
    }

    [Fact]
    public async Task AnAgentWhoDoesNotPickUpIsReportedAsNotBridged()
    {
        var engine = new RecordingEngine();
        await using var host = await StartAsync(engine, new FakeTimeProvider(), ("Telephony:Simulator:AgentAnswerRate", "0"));
        host.Services.GetRequiredService<CarrierSimulator>().Script(Consumer, SimulatedOutcome.Person);
        var attempt = Guid.NewGuid();

        await OriginateAsync(host, attempt);
        await engine.WaitForStageAsync(attempt, CallStage.Completed);

        var bridge = Assert.Single(engine.Bridges);
        Assert.Equal(new BridgeResult(false, null, "DialCallStatus=no-answer"), bridge.Result);
    }

    [Fact]
    public async Task AnAppTooSlowToGiveTheInstructionsStillHearsTheCallEnd()
    {
        var engine = new RecordingEngine();
        using var callEnded = new ManualResetEventSlim();
        // The app's instructions hang past the simulator's request timeout (1 s) until the test has seen the call end.
        engine.Instructions = _ =>
        {
            callEnded.Wait(TimeSpan.FromSeconds(30));
            return null;
        };
        await using var host = await StartAsync(engine, new FakeTimeProvider(), ("Telephony:RequestTimeoutSeconds", "1"));
        host.Services.GetRequiredService<CarrierSimulator>().Script(Consumer, SimulatedOutcome.Person);
        var attempt = Guid.NewGuid();

        try
        {
            await OriginateAsync(host, attempt);
            await engine.WaitForStageAsync(attempt, CallStage.Completed);
        }
        finally
        {
            callEnded.Set();
        }

        Assert.Empty(engine.Bridges);
    }

    [Fact]
    public void TheSameSeedDrawsTheSameOutcomes()
    {
        static IEnumerable<SimulatedOutcome> Draw(int seed)
        {
            var simulator = new CarrierSimulator(Options.Create(new CarrierSimulatorOptions { Seed = seed }), new CarrierSimulatorLedger());
            return Enumerable.Range(0, 50).Select(i => simulator.Place($"key-{i}", Consumer, o => Call($"CA{i}", $"key-{i}", o)).Call!.Outcome).ToList();
        }

        var first = Draw(42);

        Assert.Equal(first, Draw(42));
        Assert.Contains(SimulatedOutcome.Person, first);
        Assert.Contains(SimulatedOutcome.Busy, first);
    }

    [Fact]
    public void RatesDecideTheOutcomeAndTheRestFails()
    {
        var allBusy = new CarrierSimulator(Options.Create(new CarrierSimulatorOptions { AnswerRate = 0, BusyRate = 1, NoAnswerRate = 0, MachineRate = 0 }), new CarrierSimulatorLedger());
        var noneSet = new CarrierSimulator(Options.Create(new CarrierSimulatorOptions { AnswerRate = 0, BusyRate = 0, NoAnswerRate = 0, MachineRate = 0 }), new CarrierSimulatorLedger());

        Assert.Equal(SimulatedOutcome.Busy, allBusy.Place("k", Consumer, o => Call("CA1", "k", o)).Call!.Outcome);
        Assert.Equal(SimulatedOutcome.Failed, noneSet.Place("k", Consumer, o => Call("CA1", "k", o)).Call!.Outcome);
    }

    private static SimulatedCall Call(string sid, string key, SimulatedOutcome outcome) => new()
    {
        Sid = sid,
        IdempotencyKey = key,
        To = Consumer,
        From = "+15005550006",
        Url = "http://127.0.0.1/instructions",
        UrlMethod = "POST",
        StatusCallbackMethod = "POST",
        StatusCallbackEvents = new HashSet<string>(),
        Outcome = outcome,
        Created = DateTimeOffset.UnixEpoch,
    };
}
