using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallbackPortal.Telephony;
using CallbackPortal.Telephony.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Telephony;

/// <summary>The production adapter against the built-in carrier, over real HTTP, with the app's signed callbacks in between.</summary>
public sealed class CarrierSimulatorTests : IAsyncLifetime
{
    private const string Consumer = "+15550009999";
    private readonly RecordingEngine engine = new();
    private TelephonyTestHost host = null!;

    private ITelephonyProvider Provider => host.Services.GetRequiredService<ITelephonyProvider>();

    private CarrierSimulator Simulator => host.Services.GetRequiredService<CarrierSimulator>();

    public async Task InitializeAsync() =>
        host = await TelephonyTestHost.StartAsync(TelephonyTestHost.SimulatorSettings(), s => s.AddRecordingEngine(engine));

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<(Guid Attempt, OriginateResult Result)> OriginateAsync(string to = Consumer, string? key = null, bool machineDetection = true)
    {
        var attempt = Guid.NewGuid();
        var request = new OriginateRequest(attempt, key ?? $"attempt-{attempt:N}", to, "+15005550006", machineDetection, 30);
        return (attempt, await Provider.OriginateAsync(request, CancellationToken.None));
    }

    private IEnumerable<string> Story(Guid attempt) => engine.Events.Select(e => e switch
    {
        ProgressEvent p when p.AttemptId == attempt => p.Progress.Stage == CallStage.Answered ? $"Answered:{p.Progress.AnsweredBy}" : p.Progress.Stage.ToString(),
        BridgeEvent b when b.AttemptId == attempt => b.Result.Connected ? "Bridged" : "NotBridged",
        _ => null,
    }).OfType<string>();

    [Fact]
    public async Task APersonAnswersIsBridgedToTheAgentAndTheCallCompletes()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Person);

        var (attempt, result) = await OriginateAsync();
        var completed = await engine.WaitForStageAsync(attempt, CallStage.Completed);

        Assert.True(result.Accepted);
        Assert.Equal(result.ProviderCallId, completed.CallSid);
        Assert.Equal(["Queued", "Ringing", "Answered:Person", "Bridged", "Completed"], Story(attempt));
        Assert.Equal("completed", Simulator.Ledger.Find(result.ProviderCallId!)!.Status);
    }

    [Fact]
    public async Task AScriptedBusyNumberIsBusy()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Busy);

        var (attempt, result) = await OriginateAsync();
        await engine.WaitForStageAsync(attempt, CallStage.Busy);

        Assert.True(result.Accepted);
        Assert.Equal(["Queued", "Busy"], Story(attempt));
    }

    [Theory]
    [InlineData(SimulatedOutcome.NoAnswer, CallStage.NoAnswer)]
    [InlineData(SimulatedOutcome.Failed, CallStage.Failed)]
    public async Task AScriptedOutcomeEndsTheCallThatWay(SimulatedOutcome outcome, CallStage stage)
    {
        Simulator.Script(Consumer, outcome);

        var (attempt, _) = await OriginateAsync();

        Assert.Equal(stage, (await engine.WaitForStageAsync(attempt, CallStage.Completed, stage)).Progress.Stage);
        Assert.DoesNotContain("Bridged", Story(attempt));
    }

    [Theory]
    [InlineData(SimulatedOutcome.Machine, AnsweredBy.Machine)]
    [InlineData(SimulatedOutcome.Fax, AnsweredBy.Fax)]
    public async Task MachineDetectionTellsWhoAnswered(SimulatedOutcome outcome, AnsweredBy answeredBy)
    {
        Simulator.Script(Consumer, outcome);

        var (attempt, _) = await OriginateAsync();

        Assert.Equal(answeredBy, (await engine.WaitForStageAsync(attempt, CallStage.Answered)).Progress.AnsweredBy);
        await engine.WaitForStageAsync(attempt, CallStage.Completed);
    }

    [Fact]
    public async Task WithoutMachineDetectionNobodySaysWhoAnswered()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Machine);

        var (attempt, _) = await OriginateAsync(machineDetection: false);

        Assert.Equal(AnsweredBy.Unknown, (await engine.WaitForStageAsync(attempt, CallStage.Answered)).Progress.AnsweredBy);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyPlacesOneCall()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Person, SimulatedOutcome.Person);

        var (_, first) = await OriginateAsync(key: "attempt-once");
        var (_, second) = await OriginateAsync(key: "attempt-once");

        Assert.True(first.Accepted && second.Accepted);
        Assert.Equal(first.ProviderCallId, second.ProviderCallId);
        Assert.Equal(1, Simulator.Ledger.CallsPlaced("attempt-once"));
        Assert.Equal(2, Simulator.Ledger.RequestsReceived("attempt-once"));
        Assert.Single(Simulator.Ledger.Calls, c => c.IdempotencyKey == "attempt-once");
    }

    [Fact]
    public async Task ARejectedNumberIsAFinalFailureAndNoCall()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Reject);

        var (_, result) = await OriginateAsync(key: "attempt-rejected");

        Assert.False(result.Accepted);
        Assert.False(result.Retryable);
        Assert.Contains("21211", result.Error);
        Assert.Equal(0, Simulator.Ledger.CallsPlaced("attempt-rejected"));
    }

    [Fact]
    public async Task ReportsWhereACallStands()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Person);
        var (attempt, result) = await OriginateAsync();
        await engine.WaitForStageAsync(attempt, CallStage.Completed);

        var progress = await Provider.GetCallStatusAsync(result.ProviderCallId!, CancellationToken.None);

        Assert.Equal((CallStage.Completed, AnsweredBy.Person), (progress!.Stage, progress.AnsweredBy));
        Assert.Null(await Provider.GetCallStatusAsync("CA404", CancellationToken.None));
        Assert.False(await Provider.HangUpAsync("CA404", CancellationToken.None));
    }

    [Fact]
    public async Task ListsTheLegACallDialedUnderItsParentAndNoneForACallThatDialedNobody()
    {
        Simulator.Script(Consumer, SimulatedOutcome.Person, SimulatedOutcome.Person);
        var (bridged, first) = await OriginateAsync();
        await engine.WaitForStageAsync(bridged, CallStage.Completed);
        // The app gives the next call no <Dial> (as when it was down and the instructions never came).
        engine.Instructions = _ => null;
        var (alone, second) = await OriginateAsync();
        await engine.WaitForStageAsync(alone, CallStage.Completed);

        var leg = await Provider.FindBridgedLegAsync(first.ProviderCallId!, CancellationToken.None);
        Assert.Equal((true, true, "child call completed"), (leg!.Dialed, leg.Connected, leg.Detail));
        Assert.Equal(BridgedLeg.None, await Provider.FindBridgedLegAsync(second.ProviderCallId!, CancellationToken.None));
        Assert.Equal(BridgedLeg.None, await Provider.FindBridgedLegAsync("CA404", CancellationToken.None));
        Assert.Equal(["Queued", "Ringing", "Answered:Person", "Completed"], Story(alone));
    }

    [Fact]
    public async Task WithoutACallerIdTheDemoCallsFromTheTestNumber()
    {
        var attempt = Guid.NewGuid();
        var result = await Provider.OriginateAsync(new OriginateRequest(attempt, $"attempt-{attempt:N}", Consumer, "", false, 30), CancellationToken.None);

        Assert.True(result.Accepted, result.Error);
        Assert.Equal("+15005550006", Simulator.Ledger.Find(result.ProviderCallId!)!.From);
    }

    [Fact]
    public async Task RefusesCredentialsThatAreNotItsOwn()
    {
        var credentials = host.Services.GetRequiredService<CarrierSimulatorCredentials>();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/telephony/simulator/2010-04-01/Accounts/{credentials.AccountSid}/Calls.json")
        {
            Content = new FormUrlEncodedContent([new("To", Consumer), new("From", "+15005550006"), new("Url", "http://127.0.0.1/x")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("AC1:guess"u8.ToArray()));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(20003, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        Assert.Empty(Simulator.Ledger.Calls);
    }
}
