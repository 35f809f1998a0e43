using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Telephony;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Engine;

public sealed class EnginePolicyTests
{
    [Fact]
    public async Task PreviewRejectsDoNotUseAttemptsAndEndAsPreviewRejected()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => { s.PreviewEnabled = true; s.PreviewMaxRejects = 3; });
        var agents = new[] { await engine.AddAgentAsync("A"), await engine.AddAgentAsync("B"), await engine.AddAgentAsync("C") };
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();

        for (var i = 0; i < 2; i++)
        {
            var offered = await engine.CallbackAsync(callback.Id);
            Assert.Equal(CallbackState.Routing, offered.State);
            await engine.Previews.RejectAsync(callback.Id, offered.AgentId!.Value, CancellationToken.None);
            await engine.RunDueAsync();
        }
        var third = await engine.CallbackAsync(callback.Id);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));

        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CompletionReason.PreviewRejected, done.Reason);
        Assert.Equal(0, done.AttemptCount);
        Assert.Empty(engine.Telephony.Calls);
        Assert.Equal(3, done.RejectedByAgents.Distinct().Count());
        Assert.Contains(third.AgentId!.Value, agents.Select(a => a.Id));
    }

    [Fact]
    public async Task AnAcceptedPreviewIsDialed()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var agent = await engine.AddAgentAsync("A");
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();
        Assert.Empty(engine.Telephony.Calls);

        await engine.Previews.AcceptAsync(callback.Id, agent.Id, CancellationToken.None);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(31));

        Assert.Equal(callback.PhoneNumber, Assert.Single(engine.Telephony.Calls).To);
        Assert.Equal(CallbackState.Routing, (await engine.CallbackAsync(callback.Id)).State);
    }

    [Fact]
    public async Task ACallbackPastItsTimeToLiveTimesOut()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.TimeToLiveSeconds = 600);
        var callback = await engine.RequestAsync();

        await engine.AdvanceAsync(TimeSpan.FromSeconds(599));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        Assert.Equal(CallbackState.Queued, (await engine.CallbackAsync(callback.Id)).State);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(1));
        await engine.Scheduler.SweepAsync(CancellationToken.None);

        Assert.Equal(CompletionReason.TimedOut, (await engine.CallbackAsync(callback.Id)).Reason);
    }

    [Fact]
    public async Task APausedServiceHoldsItsCallbacksUntilResumed()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        var callback = await engine.RequestAsync();
        await engine.ServiceControl.PauseAsync(CallbackPortal.Access.PortalActor.System, service.Id, "fire drill", CancellationToken.None);
        var later = await engine.RequestAsync();
        await engine.AddAgentAsync("Ada");
        await engine.RunDueAsync();

        Assert.Equal(CallbackState.Paused, (await engine.CallbackAsync(callback.Id)).State);
        Assert.Equal(CallbackState.Paused, (await engine.CallbackAsync(later.Id)).State);
        Assert.Empty(engine.Telephony.Calls);

        await engine.ServiceControl.ResumeAsync(CallbackPortal.Access.PortalActor.System, service.Id, CancellationToken.None);
        await engine.RunDueAsync();
        Assert.Equal(CallbackState.Routing, (await engine.CallbackAsync(callback.Id)).State);
        Assert.Equal(CallbackState.Queued, (await engine.CallbackAsync(later.Id)).State);
    }

    [Fact]
    public async Task TwoDispatchersRacingOverFiveHundredCallbacksDialEachAttemptOnce()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.MaxQueued = 10_000);
        for (var i = 0; i < 500; i++)
        {
            await engine.RequestAsync(phone: $"+1202555{i:0000}".Replace("+12025550", "+12025551", StringComparison.Ordinal));
        }
        for (var i = 0; i < 500; i++)
        {
            await engine.AddAgentAsync($"agent{i}");
        }

        var (nodeA, nodeB) = (engine.NewDispatcher(), engine.NewDispatcher());
        var claims = await Task.WhenAll(
            Task.Run(() => nodeA.DispatchAsync(CancellationToken.None)),
            Task.Run(() => nodeB.DispatchAsync(CancellationToken.None)));
        await using var db = engine.Database.CreateDbContext();
        var attempts = await db.DialAttempts.AsNoTracking().ToListAsync();
        // Every attempt is dialed by two racing dialers (a job run twice): still one call each.
        await Task.WhenAll(attempts.SelectMany(a => new[]
        {
            Task.Run(() => engine.Dialer.DialAsync(a.Id, CancellationToken.None)),
            Task.Run(() => engine.Dialer.DialAsync(a.Id, CancellationToken.None)),
        }));

        Assert.Equal(500, attempts.Count);
        Assert.Equal(500, attempts.Select(a => a.CallbackId).Distinct().Count());
        Assert.Equal(500, attempts.Select(a => a.AgentId).Distinct().Count());
        Assert.Equal(500, engine.Telephony.SendsPerKey.Count);
        Assert.All(engine.Telephony.SendsPerKey.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, await db.Callbacks.CountAsync(c => c.State == CallbackState.Queued));
        Assert.True(claims.Sum() >= 500);
    }

    [Fact]
    public async Task AClaimLeftByACrashReturnsToTheQueueAfterItsLease()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var agent = await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.Dispatcher.DispatchAsync(CancellationToken.None);
        // The process "dies": the preview timeout job and the agent's decision are lost with it.

        engine.Clock.Advance(TimeSpan.FromSeconds(61));
        await engine.Scheduler.RecoverStaleClaimsAsync(CancellationToken.None);

        Assert.Equal(CallbackState.Queued, (await engine.CallbackAsync(callback.Id)).State);
        Assert.Equal(AgentPresence.Ready, (await engine.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task AnAttemptWrittenButNeverSentIsSentOnceAfterRestart()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync();
        await engine.AddAgentAsync("Ada");
        await engine.RequestAsync();
        await engine.Dispatcher.DispatchAsync(CancellationToken.None);
        Assert.Empty(engine.Telephony.Calls);

        engine.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await engine.Scheduler.ResendUnsentAsync(CancellationToken.None));
        await engine.RunDueAsync();
        Assert.Equal(0, await engine.Scheduler.ResendUnsentAsync(CancellationToken.None));

        Assert.Single(engine.Telephony.Calls);
    }

    [Fact]
    public async Task AnAttemptWhoseDialJobDiedWithItsNodeIsSentByTheSweepAfterTheLease()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync();
        await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.Dispatcher.DispatchAsync(CancellationToken.None);
        // The node that claimed it dies: its dial job is lost with it, and no node restarts.
        Assert.Equal(1, engine.Work.Forget("dial"));

        engine.Clock.Advance(TimeSpan.FromSeconds(30));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        Assert.Empty(engine.Telephony.Calls);

        engine.Clock.Advance(TimeSpan.FromSeconds(31));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();

        var attempt = Assert.Single((await engine.CallbackAsync(callback.Id)).Attempts);
        Assert.Equal(attempt.IdempotencyKey, Assert.Single(engine.Telephony.Calls).IdempotencyKey);
        Assert.Equal(AttemptStage.Dialing, attempt.Stage);
    }

    [Fact]
    public async Task ASendTakenByANodeThatDiedIsResentByTheSweepWithTheSameKey()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync();
        await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.Dispatcher.DispatchAsync(CancellationToken.None);
        engine.Work.Forget("dial");
        // The node took the send (SentAt written) and died before the provider answered, or before it asked.
        await using (var db = engine.Database.CreateDbContext())
        {
            var sentAt = engine.Clock.GetUtcNow();
            await db.DialAttempts.Where(a => a.CallbackId == callback.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.SentAt, sentAt));
        }

        engine.Clock.Advance(TimeSpan.FromSeconds(30));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        Assert.Empty(engine.Telephony.Calls);

        engine.Clock.Advance(TimeSpan.FromSeconds(31));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();

        var attempt = Assert.Single((await engine.CallbackAsync(callback.Id)).Attempts);
        Assert.Equal(attempt.IdempotencyKey, Assert.Single(engine.Telephony.Calls).IdempotencyKey);
        Assert.Equal(CallbackState.Routing, (await engine.CallbackAsync(callback.Id)).State);
    }

    [Fact]
    public async Task AWrapUpWhoseTimerDiedWithItsNodeIsEndedByTheSweepALeaseAfterItsTime()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.WrapUpSeconds = 30);
        // Of another skill: the callback stays queued, so nothing but the wrap-up moves the agent.
        var agent = await engine.AddAgentAsync("Ada", skill: "sales");
        var callback = await engine.RequestAsync();
        // The call ended on a node that died before its wrap-up job ran.
        await using (var db = engine.Database.CreateDbContext())
        {
            var row = await db.Agents.SingleAsync(a => a.Id == agent.Id);
            row.Reserve(callback.Id, engine.Clock.GetUtcNow());
            row.StartCall(engine.Clock.GetUtcNow());
            row.EndCall(engine.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        engine.Clock.Advance(TimeSpan.FromSeconds(80));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        Assert.Equal(AgentPresence.WrapUp, (await engine.AgentAsync(agent.Id)).Presence);

        engine.Clock.Advance(TimeSpan.FromSeconds(20));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        var ready = await engine.AgentAsync(agent.Id);
        Assert.Equal((AgentPresence.Ready, (Guid?)null), (ready.Presence, ready.CurrentCallbackId));
    }

    [Fact]
    public async Task ACallWhoseFinalStatusWasLostIsAskedAboutByTheSweepAfterItsRingTimeoutAndALease()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync(s => s.RingTimeoutSeconds = 30);
        var agent = await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync();
        await engine.RunDueAsync();
        var call = Assert.Single(engine.Telephony.Calls);
        await engine.ReportAsync(call.To, new CallProgress(CallStage.Answered, AnsweredBy.Person, null, "in-progress"));
        await engine.BridgeAsync(call.To, connected: true);
        Assert.Equal(CallbackState.Processing, (await engine.CallbackAsync(callback.Id)).State);
        // The conversation goes on; then its final status callback is lost (sent to a node that had just died).
        engine.Telephony.Statuses[call.CallId] = new CallProgress(CallStage.Answered, AnsweredBy.Person, null, "in-progress");

        // Within the ring timeout plus a lease (30 + 60 s) of the send, the provider is not asked.
        engine.Clock.Advance(TimeSpan.FromSeconds(89));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        Assert.Empty(engine.Telephony.StatusRequests);

        // Past it, it is; a call still in progress changes nothing.
        engine.Clock.Advance(TimeSpan.FromSeconds(2));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        Assert.Equal(call.CallId, Assert.Single(engine.Telephony.StatusRequests));
        Assert.Equal(CallbackState.Processing, (await engine.CallbackAsync(callback.Id)).State);
        Assert.Equal(AgentPresence.OnCall, (await engine.AgentAsync(agent.Id)).Presence);

        // The call ends; its status callback never arrives, and the next sweep learns it from the provider.
        engine.Telephony.Statuses[call.CallId] = new CallProgress(CallStage.Completed, AnsweredBy.Unknown, 95, "completed");
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        await engine.RunDueAsync();
        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Completed, CompletionReason.AgentConnected), (done.State, done.Reason));
        Assert.Equal(95, Assert.Single(done.Attempts).TalkSeconds);
        Assert.Equal(AgentPresence.WrapUp, (await engine.AgentAsync(agent.Id)).Presence);

        // A finished call is not asked about again, and it was only ever the one call.
        await engine.Scheduler.SweepAsync(CancellationToken.None);
        Assert.Equal(2, engine.Telephony.StatusRequests.Count);
        Assert.Single(engine.Telephony.Calls);
    }

    [Theory]
    [InlineData(true, CallbackState.Scheduled, null)]
    [InlineData(false, CallbackState.Completed, CompletionReason.CustomerUnreachable)]
    public async Task AProviderRefusalIsRecordedAndRetriedByPolicy(bool retryable, CallbackState expected, CompletionReason? reason)
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.AddServiceAsync();
        var agent = await engine.AddAgentAsync("Ada");
        engine.Telephony.Refusals.Enqueue(OriginateResult.Failed("HTTP 503 from the carrier", retryable));
        var callback = await engine.RequestAsync();

        await engine.RunDueAsync();

        var after = await engine.CallbackAsync(callback.Id);
        Assert.Equal(expected, after.State);
        Assert.Equal(reason, after.Reason);
        Assert.Contains("503", Assert.Single(after.Attempts).Detail);
        Assert.Equal(AgentPresence.Ready, (await engine.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task PurgeDeletesOldCompletedCallbacksAndKeepsTheirDailyNumbers()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync(s => s.RetentionDays = 30);
        var old = await engine.RequestAsync();
        await using (var db = engine.Database.CreateDbContext())
        {
            var tracked = await db.Callbacks.SingleAsync(c => c.Id == old.Id);
            tracked.Cancel(engine.Clock.GetUtcNow(), Actor.Consumer);
            await db.SaveChangesAsync();
        }
        var day = DateOnly.FromDateTime(engine.Clock.GetUtcNow().UtcDateTime);
        engine.Clock.Advance(TimeSpan.FromDays(31));
        var recent = await engine.RequestAsync();

        Assert.Equal(1, await engine.Purge.PurgeAsync(CancellationToken.None));
        Assert.Equal(0, await engine.Purge.PurgeAsync(CancellationToken.None));

        await using var check = engine.Database.CreateDbContext();
        Assert.False(await check.Callbacks.AnyAsync(c => c.Id == old.Id));
        Assert.False(await check.CallbackEvents.AnyAsync(e => e.CallbackId == old.Id));
        Assert.True(await check.Callbacks.AnyAsync(c => c.Id == recent.Id));
        var stats = await check.DailyServiceStats.SingleAsync(s => s.ServiceId == service.Id && s.Day == day);
        Assert.Equal((1, 1, 1), (stats.Offered, stats.Immediate, stats.Cancelled));
    }
}
