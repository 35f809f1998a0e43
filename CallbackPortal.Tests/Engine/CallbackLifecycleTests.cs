using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Engine;

public sealed class CallbackLifecycleTests
{
    private static readonly CallProgress Person = new(CallStage.Answered, AnsweredBy.Person, null, "in-progress");
    private static readonly CallProgress Machine = new(CallStage.Answered, AnsweredBy.Machine, null, "machine_start");
    private static readonly CallProgress Busy = new(CallStage.Busy, AnsweredBy.Unknown, null, "busy");
    private static CallProgress Hangup(int seconds) => new(CallStage.Completed, AnsweredBy.Unknown, seconds, "completed");

    [Fact]
    public async Task AnImmediateCallbackConnectsToTheLongestIdleSkilledAgent()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        await engine.AddAgentAsync("Junior", level: 1);
        var first = await engine.AddAgentAsync("First");
        engine.Clock.Advance(TimeSpan.FromSeconds(5));
        await engine.AddAgentAsync("Second");

        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();

        var call = Assert.Single(engine.Telephony.Calls);
        Assert.Equal(callback.PhoneNumber, call.To);
        Assert.Equal(service.CallerId, call.From);
        var routing = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CallbackState.Routing, routing.State);
        Assert.Equal(first.Id, routing.AgentId);
        Assert.Equal(AgentPresence.Reserved, (await engine.AgentAsync(first.Id)).Presence);
        var instructions = await engine.Instructions.GetInstructionsAsync(call.AttemptId, CancellationToken.None);
        Assert.Equal(first.Phone, instructions!.ConnectTo);

        await engine.ReportAsync(call.To, Person);
        Assert.Equal(AgentPresence.OnCall, (await engine.AgentAsync(first.Id)).Presence);
        await engine.BridgeAsync(call.To, connected: true);
        Assert.Equal(CallbackState.Processing, (await engine.CallbackAsync(callback.Id)).State);
        await engine.ReportAsync(call.To, Hangup(95));

        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CallbackState.Completed, done.State);
        Assert.Equal(CompletionReason.AgentConnected, done.Reason);
        Assert.Equal(95, Assert.Single(done.Attempts).TalkSeconds);
        Assert.Equal(AgentPresence.WrapUp, (await engine.AgentAsync(first.Id)).Presence);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(service.WrapUpSeconds));
        Assert.Equal(AgentPresence.Ready, (await engine.AgentAsync(first.Id)).Presence);
        Assert.Contains(done.Events, e => e.ToState == CallbackState.Processing);
    }

    [Fact]
    public async Task AScheduledCallbackQueuesAtItsTimeLessTheSubmitBufferAndNotBefore()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        await engine.AddAgentAsync("Ada");
        var desired = engine.Clock.GetUtcNow().AddHours(2);

        var callback = await engine.RequestAsync(desired: desired);
        await engine.AdvanceAsync(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(service.SubmitBufferSeconds + 1));
        Assert.Equal(CallbackState.Scheduled, (await engine.CallbackAsync(callback.Id)).State);
        Assert.Empty(engine.Telephony.Calls);

        await engine.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(CallbackState.Routing, (await engine.CallbackAsync(callback.Id)).State);
        Assert.Single(engine.Telephony.Calls);
    }

    [Fact]
    public async Task BusyThreeTimesCompletesAsCustomerUnreachable()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        var agent = await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(attempt, engine.Telephony.Calls.Count);
            await engine.ReportAsync(callback.PhoneNumber, Busy);
            Assert.Equal(AgentPresence.Ready, (await engine.AgentAsync(agent.Id)).Presence);
            if (attempt < 3)
            {
                Assert.Equal(CallbackState.Scheduled, (await engine.CallbackAsync(callback.Id)).State);
                await engine.AdvanceAsync(TimeSpan.FromSeconds(service.RetryIntervalSeconds));
            }
        }

        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CompletionReason.CustomerUnreachable, done.Reason);
        Assert.All(done.Attempts, a => Assert.Equal(DialResult.Busy, a.Result));
        Assert.Equal(3, done.Attempts.Count);
    }

    [Theory]
    [InlineData(MachineTreatment.Retry, CallbackState.Scheduled, null)]
    [InlineData(MachineTreatment.CompleteUnreachable, CallbackState.Completed, CompletionReason.CustomerUnreachable)]
    [InlineData(MachineTreatment.CountAsConnected, CallbackState.Routing, null)]
    public async Task AnAnsweringMachineIsTreatedAsTheServiceSays(MachineTreatment treatment, CallbackState expected, CompletionReason? reason)
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.MachineTreatment = treatment);
        await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();

        await engine.ReportAsync(callback.PhoneNumber, Machine);

        var after = await engine.CallbackAsync(callback.Id);
        Assert.Equal(expected, after.State);
        Assert.Equal(reason, after.Reason);
        Assert.Equal(treatment != MachineTreatment.CountAsConnected, engine.Telephony.HungUp.Count == 1);
        if (treatment == MachineTreatment.CountAsConnected)
        {
            await engine.BridgeAsync(callback.PhoneNumber, connected: true);
            await engine.ReportAsync(callback.PhoneNumber, Hangup(20));
            Assert.Equal(CompletionReason.AgentConnected, (await engine.CallbackAsync(callback.Id)).Reason);
        }
    }

    [Fact]
    public async Task AgentFirstCallsTheAgentThenBridgesTheConsumer()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.DialMode = DialMode.AgentFirst);
        var agent = await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();

        var call = Assert.Single(engine.Telephony.Calls);
        Assert.Equal(agent.Phone, call.To);
        var instructions = await engine.Instructions.GetInstructionsAsync(call.AttemptId, CancellationToken.None);
        Assert.Equal(callback.PhoneNumber, instructions!.ConnectTo);
        await engine.ReportAsync(agent.Phone, Person);
        await engine.BridgeAsync(agent.Phone, connected: true);
        await engine.ReportAsync(agent.Phone, Hangup(40));

        Assert.Equal(CompletionReason.AgentConnected, (await engine.CallbackAsync(callback.Id)).Reason);
    }

    [Fact]
    public async Task AgentFirstRetriesTheConsumerWhoDidNotAnswer()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.DialMode = DialMode.AgentFirst);
        var agent = await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();
        await engine.ReportAsync(agent.Phone, Person);

        await engine.BridgeAsync(agent.Phone, connected: false, detail: "DialCallStatus=no-answer");

        var after = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CallbackState.Scheduled, after.State);
        Assert.Equal(DialResult.NoAnswer, Assert.Single(after.Attempts).Result);
    }
}
