using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.AgentWorkspace;

/// <summary>The agent workspace's service: presence through the engine, the preview card, accept / reject, wrap-up, and only one's own callbacks.</summary>
public sealed class AgentWorkspaceTests : IAsyncLifetime
{
    private static readonly string Phone = ConsumerNumbers.Example("US");
    private WorkspaceHarness harness = default!;

    public async Task InitializeAsync() => harness = await WorkspaceHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private Agents.AgentWorkspace Workspace => harness.Workspace;

    [Fact]
    public async Task AUserWithoutALinkedAgentHasNoWorkspace()
    {
        await harness.Engine.AddServiceAsync();
        await harness.LinkedAgentAsync("Ada");
        var stranger = new PortalActor("someone-else", "x@example.test", ServiceScope.Everything);

        Assert.Null(await Workspace.LoadAsync(stranger, CancellationToken.None));
        Assert.Equal(Agents.AgentWorkspace.NoAgent, await Workspace.SetPresenceAsync(stranger, AgentPresence.Ready, CancellationToken.None));
    }

    [Fact]
    public async Task GoingReadyDrivesTheEngineAndTheReservedCallbackShowsWithItsContextAndHistory()
    {
        await harness.Engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var (agent, user) = await harness.LinkedAgentAsync("Grace");
        var earlier = await harness.Engine.RequestAsync(phone: Phone);
        await using (var db = harness.Engine.Database.CreateDbContext())
        {
            var stored = await db.Callbacks.FindAsync(earlier.Id);
            stored!.Cancel(harness.Engine.Clock.GetUtcNow(), Actor.Supervisor);
            stored.Disposition = "Wrong number";
            await db.SaveChangesAsync();
        }

        Assert.Null(await Workspace.SetPresenceAsync(user, AgentPresence.Ready, CancellationToken.None));
        var callback = await harness.ReservedAsync(Phone);

        Assert.Equal((CallbackState.Routing, agent.Id), (callback.State, callback.AgentId));
        var view = (await Workspace.LoadAsync(user, CancellationToken.None))!;
        Assert.Equal(AgentPresence.Reserved, view.Presence);
        var card = view.Current!;
        Assert.Equal(("Ada Lovelace", Phone, "Asked about her invoice", "Support"), (card.ConsumerName, card.PhoneNumber, card.Notes, card.ServiceName));
        Assert.Equal("A-17", card.JourneyData["order"]);
        Assert.True(card.PreviewPending);
        Assert.Equal(callback.RoutingAt!.Value.AddSeconds(30), card.PreviewDeadline);
        var history = Assert.Single(card.History);
        Assert.Equal(("CancelledByAdmin", "Wrong number"), (history.Outcome, history.Disposition));
        Assert.Null(view.Call);
    }

    [Fact]
    public async Task AcceptingThePreviewPlacesTheCallAndRejectingPutsTheCallbackBackInTheQueue()
    {
        await harness.Engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var (agent, user) = await harness.LinkedAgentAsync("Grace", ready: true);
        var first = await harness.ReservedAsync(Phone);

        Assert.Null(await Workspace.RejectAsync(user, first.Id, CancellationToken.None));
        Assert.Equal((CallbackState.Queued, 1), ((await harness.CallbackAsync(first.Id)).State, (await harness.CallbackAsync(first.Id)).PreviewRejects));
        Assert.Equal(AgentPresence.Ready, (await harness.AgentAsync(agent.Id)).Presence);
        Assert.Empty(harness.Engine.Telephony.Calls);

        var second = await harness.ReservedAsync(ConsumerNumbers.Example("US", PhoneNumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE));
        Assert.Null(await Workspace.AcceptAsync(user, second.Id, CancellationToken.None));
        var view = (await Workspace.LoadAsync(user, CancellationToken.None))!;
        Assert.False(view.Current!.PreviewPending);
        Assert.Equal(CallPhase.Dialing, view.Call!.Phase);
        await harness.Engine.RunDueAsync();

        Assert.Equal(second.PhoneNumber, Assert.Single(harness.Engine.Telephony.Calls).To);
        Assert.Equal(CallPhase.Ringing, (await Workspace.LoadAsync(user, CancellationToken.None))!.Call!.Phase);
        Assert.Contains("no longer waiting", await Workspace.AcceptAsync(user, second.Id, CancellationToken.None));
    }

    [Fact]
    public async Task TheCallStatusFollowsTheAttemptFromRingingToEnded()
    {
        await harness.Engine.AddServiceAsync();
        var (_, user) = await harness.LinkedAgentAsync("Grace", ready: true);
        var callback = await harness.ReservedAsync(Phone);
        await harness.Engine.ReportAsync(Phone, new CallProgress(CallStage.Ringing, AnsweredBy.Unknown, null, "ringing"));
        Assert.Equal(CallPhase.Ringing, (await Workspace.LoadAsync(user, CancellationToken.None))!.Call!.Phase);

        await harness.Engine.ReportAsync(Phone, WorkspaceHarness.Answered);
        var connected = (await Workspace.LoadAsync(user, CancellationToken.None))!;
        Assert.Equal((CallPhase.Connected, AgentPresence.OnCall), (connected.Call!.Phase, connected.Presence));
        Assert.Contains("without a preview", await Workspace.AcceptAsync(user, callback.Id, CancellationToken.None));

        await harness.Engine.BridgeAsync(Phone, connected: true);
        await harness.Engine.ReportAsync(Phone, WorkspaceHarness.Hangup(42));
        var ended = (await Workspace.LoadAsync(user, CancellationToken.None))!;
        Assert.Equal((CallPhase.Ended, 42, AgentPresence.WrapUp), (ended.Call!.Phase, ended.Call.TalkSeconds, ended.Presence));
        Assert.Equal((callback.Id, true), (ended.WrapUp!.CallbackId, ended.WrapUp.InWrapUp));
    }

    [Fact]
    public async Task AWrapUpSavesTheDispositionAndATimelineEventAndTheAgentIsReadyAgain()
    {
        await harness.Engine.AddServiceAsync(s => s.WrapUpSeconds = 300);
        var (agent, user) = await harness.LinkedAgentAsync("Grace", ready: true);
        var callback = await harness.ReservedAsync(Phone);
        await harness.TalkAsync(Phone);

        var refused = await Workspace.WrapUpAsync(user, callback.Id, new WrapUpForm { Disposition = "Sold a boat" }, CancellationToken.None);
        Assert.Contains("Choose one of", refused[nameof(WrapUpForm.Disposition)][0]);
        Assert.Contains("required with Other", (await Workspace.WrapUpAsync(user, callback.Id, new WrapUpForm { Disposition = "Other" }, CancellationToken.None))[nameof(WrapUpForm.Notes)][0]);
        Assert.Null((await harness.CallbackAsync(callback.Id)).Disposition);

        Assert.Empty(await Workspace.WrapUpAsync(user, callback.Id, new WrapUpForm { Disposition = "Follow-up needed", Notes = "  Send the credit note  " }, CancellationToken.None));

        var stored = await harness.CallbackAsync(callback.Id);
        Assert.Equal(("Follow-up needed", "Send the credit note", CompletionReason.AgentConnected), (stored.Disposition, stored.DispositionNotes, stored.Reason));
        var wrapUp = Assert.Single(stored.Events, e => e.Kind == CallbackEventKinds.WrapUp);
        Assert.Equal((Actor.Agent, "Grace", "Follow-up needed: Send the credit note"), (wrapUp.Actor, wrapUp.ActorName, wrapUp.Detail));
        var ready = await harness.AgentAsync(agent.Id);
        Assert.Equal((AgentPresence.Ready, (Guid?)null), (ready.Presence, ready.CurrentCallbackId));
    }

    [Fact]
    public async Task AfterTheWrapUpTimerMadeTheAgentReadyTheDispositionStillLandsOnTheLastCallback()
    {
        var service = await harness.Engine.AddServiceAsync();
        var (agent, user) = await harness.LinkedAgentAsync("Grace", ready: true);
        var callback = await harness.ReservedAsync(Phone);
        await harness.TalkAsync(Phone);
        await harness.Engine.AdvanceAsync(TimeSpan.FromSeconds(service.WrapUpSeconds));
        Assert.Equal(AgentPresence.Ready, (await harness.AgentAsync(agent.Id)).Presence);

        var view = (await Workspace.LoadAsync(user, CancellationToken.None))!;
        Assert.Equal((callback.Id, false), (view.WrapUp!.CallbackId, view.WrapUp.InWrapUp));
        Assert.Empty(await Workspace.WrapUpAsync(user, callback.Id, new WrapUpForm { Disposition = "Resolved" }, CancellationToken.None));

        Assert.Equal("Resolved", (await harness.CallbackAsync(callback.Id)).Disposition);
        Assert.Equal(AgentPresence.Ready, (await harness.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task SomeoneElsesCallbackIsRefusedForPreviewAndWrapUp()
    {
        await harness.Engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var (_, grace) = await harness.LinkedAgentAsync("Grace", ready: true);
        var (_, alan) = await harness.LinkedAgentAsync("Alan");
        var callback = await harness.ReservedAsync(Phone);

        Assert.Contains("not reserved for you", await Workspace.AcceptAsync(alan, callback.Id, CancellationToken.None));
        Assert.Contains("not reserved for you", await Workspace.RejectAsync(alan, callback.Id, CancellationToken.None));
        Assert.Null(await Workspace.AcceptAsync(grace, callback.Id, CancellationToken.None));
        await harness.Engine.RunDueAsync();
        await harness.TalkAsync(Phone);

        var refused = await Workspace.WrapUpAsync(alan, callback.Id, new WrapUpForm { Disposition = "Resolved" }, CancellationToken.None);
        Assert.Equal("You can only wrap up the call you just finished.", refused[""][0]);
        Assert.Null((await harness.CallbackAsync(callback.Id)).Disposition);
        Assert.Null((await Workspace.LoadAsync(alan, CancellationToken.None))!.Current);
    }
}
