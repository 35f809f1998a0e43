using CallbackPortal.Agents;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Tests.AgentWorkspace;

/// <summary>An agent who closes the workspace: NotReady at once when free, after the call or reservation when busy; the call's outcome still lands.</summary>
public sealed class AgentLeavingTests : IAsyncLifetime
{
    private static readonly string Phone = ConsumerNumbers.Example("US");
    private WorkspaceHarness harness = default!;

    public async Task InitializeAsync() => harness = await WorkspaceHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private Task LeaveAsync(Guid agentId) => harness.Engine.Presence.LeaveAsync(agentId, CancellationToken.None);

    [Fact]
    public async Task AReadyAgentWhoLeavesIsNotReadyAtOnceAndGetsNoCallbacks()
    {
        await harness.Engine.AddServiceAsync();
        var (agent, _) = await harness.LinkedAgentAsync("Grace", ready: true);

        await LeaveAsync(agent.Id);
        var callback = await harness.ReservedAsync(Phone);

        Assert.Equal(AgentPresence.NotReady, (await harness.AgentAsync(agent.Id)).Presence);
        Assert.Equal(CallbackState.Queued, callback.State);
    }

    [Fact]
    public async Task AnAgentWhoLeavesDuringTheCallIsNotReadyWhenTheWrapUpEndsAndTheCallStillCompletes()
    {
        var service = await harness.Engine.AddServiceAsync();
        var (agent, _) = await harness.LinkedAgentAsync("Grace", ready: true);
        var callback = await harness.ReservedAsync(Phone);
        await harness.Engine.ReportAsync(Phone, WorkspaceHarness.Answered);

        await LeaveAsync(agent.Id);
        var leaving = await harness.AgentAsync(agent.Id);
        Assert.Equal((AgentPresence.OnCall, true), (leaving.Presence, leaving.NotReadyAfterCall));

        await harness.Engine.BridgeAsync(Phone, connected: true);
        await harness.Engine.ReportAsync(Phone, WorkspaceHarness.Hangup(30));
        Assert.Equal(CompletionReason.AgentConnected, (await harness.CallbackAsync(callback.Id)).Reason);
        Assert.Equal(AgentPresence.WrapUp, (await harness.AgentAsync(agent.Id)).Presence);
        await harness.Engine.AdvanceAsync(TimeSpan.FromSeconds(service.WrapUpSeconds));

        var after = await harness.AgentAsync(agent.Id);
        Assert.Equal((AgentPresence.NotReady, false), (after.Presence, after.NotReadyAfterCall));
    }

    [Fact]
    public async Task AnAgentWhoLeavesWhileReservedIsNotReadyWhenTheReservationIsReleased()
    {
        await harness.Engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var (agent, _) = await harness.LinkedAgentAsync("Grace", ready: true);
        var callback = await harness.ReservedAsync(Phone);

        await LeaveAsync(agent.Id);
        Assert.Equal(AgentPresence.Reserved, (await harness.AgentAsync(agent.Id)).Presence);
        await harness.Engine.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AgentPresence.NotReady, (await harness.AgentAsync(agent.Id)).Presence);
        var back = await harness.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Queued, (Guid?)null), (back.State, back.AgentId));
    }

    [Fact]
    public async Task AnAgentWhoLeavesDuringTheWrapUpIsNotReadyAtOnce()
    {
        await harness.Engine.AddServiceAsync(s => s.WrapUpSeconds = 300);
        var (agent, _) = await harness.LinkedAgentAsync("Grace", ready: true);
        await harness.ReservedAsync(Phone);
        await harness.TalkAsync(Phone);

        await LeaveAsync(agent.Id);

        Assert.Equal(AgentPresence.NotReady, (await harness.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task GoingReadyByHandOrComingBackDuringTheCallClearsTheFlag()
    {
        await harness.Engine.AddServiceAsync();
        var (agent, user) = await harness.LinkedAgentAsync("Grace", ready: true);
        await harness.ReservedAsync(Phone);
        await LeaveAsync(agent.Id);
        Assert.True((await harness.AgentAsync(agent.Id)).NotReadyAfterCall);

        await harness.Engine.Presence.ReturnAsync(agent.Id, CancellationToken.None);
        Assert.False((await harness.AgentAsync(agent.Id)).NotReadyAfterCall);
        await LeaveAsync(agent.Id);
        await harness.Engine.ReportAsync(Phone, new CallbackPortal.Telephony.CallProgress(CallbackPortal.Telephony.CallStage.Busy, CallbackPortal.Telephony.AnsweredBy.Unknown, null, "busy"));
        Assert.Equal(AgentPresence.NotReady, (await harness.AgentAsync(agent.Id)).Presence);

        Assert.Null(await harness.Workspace.SetPresenceAsync(user, AgentPresence.Ready, CancellationToken.None));
        var ready = await harness.AgentAsync(agent.Id);
        Assert.Equal((AgentPresence.Ready, false), (ready.Presence, ready.NotReadyAfterCall));
    }

    [Fact]
    public async Task ARefreshWithinTheGracePeriodKeepsTheAgentButAClosedWorkspaceMakesThemNotReady()
    {
        await harness.Engine.AddServiceAsync();
        var (agent, _) = await harness.LinkedAgentAsync("Grace", ready: true);
        var attendance = harness.Attendance;
        object oldTab = new(), newTab = new();
        await attendance.JoinAsync(oldTab, agent.Id, CancellationToken.None);

        var decided = NextDecision(attendance);
        attendance.Closed(oldTab);
        await attendance.JoinAsync(newTab, agent.Id, CancellationToken.None);
        harness.Engine.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(await decided.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AgentPresence.Ready, (await harness.AgentAsync(agent.Id)).Presence);

        decided = NextDecision(attendance);
        attendance.ConnectionDown(newTab);
        harness.Engine.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await decided.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AgentPresence.NotReady, (await harness.AgentAsync(agent.Id)).Presence);
    }

    private static Task<bool> NextDecision(WorkspaceAttendance attendance)
    {
        var decided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        attendance.Decided += (_, gone) => decided.TrySetResult(gone);
        return decided.Task;
    }
}
