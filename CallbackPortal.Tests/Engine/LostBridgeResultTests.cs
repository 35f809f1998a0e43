using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Engine;

/// <summary>
/// A call answered, then ended, with the bridge's result never heard (the app was down when the provider sent it): the
/// engine asks the provider about the call's other leg instead of guessing that the consumer hung up.
/// </summary>
public sealed class LostBridgeResultTests : IAsyncLifetime
{
    private EngineHarness engine = default!;
    private Agent agent = default!;
    private Callback callback = default!;
    private PlacedCall call = default!;

    public async Task InitializeAsync()
    {
        engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => (s.MaxDialAttempts, s.RetryIntervalSeconds) = (3, 60));
        agent = await engine.AddAgentAsync("Ada");
        callback = await engine.RequestAsync();
        await engine.RunDueAsync();
        call = Assert.Single(engine.Telephony.Calls);
        await engine.ReportAsync(call.To, new CallProgress(CallStage.Answered, AnsweredBy.Person, null, "in-progress"));
    }

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task ALegThatWasAnsweredMakesTheCallbackAgentConnectedWithItsTalkTime()
    {
        engine.Telephony.Legs[call.CallId] = new BridgedLeg(true, true, 42, "child call completed");

        await engine.ReportAsync(call.To, new CallProgress(CallStage.Completed, AnsweredBy.Person, 50, "completed"));

        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Completed, CompletionReason.AgentConnected), (done.State, done.Reason));
        var attempt = Assert.Single(done.Attempts);
        Assert.Equal((DialResult.Person, 42), (attempt.Result, attempt.TalkSeconds));
        Assert.NotNull(attempt.ConnectedAt);
        Assert.Equal(AgentPresence.WrapUp, (await engine.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task NoLegAtAllMeansTheConsumerNeverReachedAnAgentAndTheCallbackIsTriedAgain()
    {
        engine.Telephony.Legs[call.CallId] = BridgedLeg.None;

        await engine.ReportAsync(call.To, new CallProgress(CallStage.Completed, AnsweredBy.Person, 3, "completed"));

        var retried = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CallbackState.Scheduled, retried.State);
        var attempt = Assert.Single(retried.Attempts);
        Assert.Equal(DialResult.Failed, attempt.Result);
        Assert.Contains("never put through to the agent", attempt.Detail, StringComparison.Ordinal);
        Assert.Equal(AgentPresence.Ready, (await engine.AgentAsync(agent.Id)).Presence);

        await engine.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.Equal(2, engine.Telephony.Calls.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ALegNotAnsweredOrAProviderThatCannotTellKeepsWhatWasHeard(bool legKnown)
    {
        if (legKnown)
        {
            engine.Telephony.Legs[call.CallId] = new BridgedLeg(true, false, 0, "child call no-answer");
        }

        await engine.ReportAsync(call.To, new CallProgress(CallStage.Completed, AnsweredBy.Person, 12, "completed"));

        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Completed, CompletionReason.CustomerUnreachable), (done.State, done.Reason));
        Assert.Equal("the consumer hung up before the agent answered", Assert.Single(done.Attempts).Detail);
    }

    [Fact]
    public async Task ABridgeResultHeardInTimeNeedsNoQuestionToTheProvider()
    {
        engine.Telephony.Legs[call.CallId] = BridgedLeg.None;
        await engine.BridgeAsync(call.To, connected: true);

        await engine.ReportAsync(call.To, new CallProgress(CallStage.Completed, AnsweredBy.Person, 30, "completed"));

        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Completed, CompletionReason.AgentConnected), (done.State, done.Reason));
    }
}
