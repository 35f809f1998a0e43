using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using static CallbackPortal.Tests.CallbackDetail.DetailHarness;

namespace CallbackPortal.Tests.CallbackDetail;

/// <summary>The detail query: fields, the merged timeline in time order, the promise, masking, and the service scope.</summary>
public sealed class CallbackDetailsTests : IAsyncLifetime
{
    private DetailHarness harness = default!;

    public async Task InitializeAsync() => harness = await DetailHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task TheTimelineMergesEventsAndAttemptsInTimeOrder()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.HistoryAsync(service.Id);

        var detail = await harness.Details.LoadAsync(Supervisor, callback.Id, mayManage: true, CancellationToken.None);

        var sam = "Supervisor sam@example.test";
        var dial = $"Dial attempt {{0}} to consumer {Phone}";
        (string At, string Kind, string Title, string? Detail, string Who)[] expected =
        [
            ("2026-11-25 09:58:30", "lifecycle", "Widget", "widget opened", "Consumer"),
            ("2026-11-25 10:00:00", "created", "Created", "as soon as possible", "Consumer"),
            ("2026-11-25 10:00:00", "state", "Scheduled → Queued", null, "Engine"),
            ("2026-11-25 10:00:10", "state", "Queued → Routing", "reserved agent Ada", "Engine"),
            ("2026-11-25 10:00:10", "attempt", "Attempt", "attempt 1 to consumer", "Engine"),
            ("2026-11-25 10:00:10", "dial", string.Format(null, dial, 1), "NoAnswer: no answer after 30 s", "Engine"),
            ("2026-11-25 10:00:41", "attempt", "Attempt", "attempt 1: NoAnswer (no answer after 30 s)", "Engine"),
            ("2026-11-25 10:00:41", "state", "Routing → Scheduled", "NoAnswer: retry in 300 s", "Engine"),
            ("2026-11-25 10:01:00", "rule", "Rule decision", "Number throttle: 2 of 5 calls today", "Engine"),
            ("2026-11-25 10:02:00", "priority", "Priority", "dial now: priority raised to 1000", sam),
            ("2026-11-25 10:02:00", "state", "Scheduled → Queued", "dial now", sam),
            ("2026-11-25 10:02:10", "state", "Queued → Routing", "reserved agent Ada", "Engine"),
            ("2026-11-25 10:02:10", "attempt", "Attempt", "attempt 2 to consumer", "Engine"),
            ("2026-11-25 10:02:10", "dial", string.Format(null, dial, 2), "Person", "Engine"),
            ("2026-11-25 10:02:22", "state", "Routing → Processing", "connected", "Engine"),
            ("2026-11-25 10:04:22", "state", "Processing → Completed", "AgentConnected: talked 120 s", "Engine"),
            ("2026-11-25 10:04:30", "wrap-up", "Wrap-up", "resolved: will call back on Monday", "Agent Ada"),
        ];
        Assert.NotNull(detail);
        Assert.Equal(expected, detail.Timeline.Select(e => (detail.Local(e.At), e.Kind, e.Title, e.Detail, e.Who)));
        Assert.Equal(["stage Finished", "provider call sim-1", "sent 10:00:11", "ended 10:00:41"], detail.Timeline[5].Facts);
        Assert.Equal(
            ["stage Finished", "provider call sim-2", "sent 10:02:11", "answered 10:02:20", "connected 10:02:22", "ended 10:04:22", "answered by human", "talked 120 s"],
            detail.Timeline[13].Facts);
    }

    [Fact]
    public async Task TheDetailCarriesFieldsJourneyDataPromiseAndWait()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.HistoryAsync(service.Id);

        var detail = await harness.Details.LoadAsync(Supervisor, callback.Id, mayManage: true, CancellationToken.None);

        Assert.NotNull(detail);
        Assert.Equal(("Support line", "support", "Europe/Berlin"), (detail.ServiceName, detail.ServiceKey, detail.TimeZone.Id));
        Assert.Equal((CallbackState.Completed, CompletionReason.AgentConnected, "talked 120 s"), (detail.State, detail.Reason, detail.ReasonDetail));
        Assert.Equal(("Grace Hopper", Phone, "grace@example.test", "About my invoice"), (detail.ConsumerName, detail.Phone, detail.Email, detail.Notes));
        Assert.Equal([new("cart", "3 items"), new("page", "/billing/invoice-42")], detail.JourneyData);
        Assert.Equal(("Ada", 2, "resolved", "will call back on Monday"), (detail.AgentName, detail.AttemptCount, detail.Disposition, detail.DispositionNotes));
        Assert.Equal((60, 3, 0, 1), (detail.EwtAtOffer, detail.PositionAtOffer, detail.EwtAtDial, detail.PositionAtDial));
        // Immediate: promised within the wait estimated at the offer (60 s) plus a minute; connected at 142 s, so missed.
        Assert.Equal((At(120), false, 142.0), (detail.PromiseDeadline, detail.PromiseKept, detail.WaitToConnectSeconds));
        Assert.Equal((false, false, false), (detail.MayCancel, detail.MayReschedule, detail.MayDialNow));
    }

    [Fact]
    public async Task AnOpenCallbacksPromiseIsUndecidedUntilItsDeadlinePasses()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.QueuedAsync(service.Id);

        var before = await harness.Details.LoadAsync(Supervisor, callback.Id, true, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await harness.Details.LoadAsync(Supervisor, callback.Id, true, CancellationToken.None);

        Assert.Equal((null, false), (before!.PromiseKept, after!.PromiseKept));
        Assert.Equal((true, true, true), (before.MayCancel, before.MayReschedule, before.MayDialNow));
    }

    [Fact]
    public async Task ACallbackCancelledBeforeItsDeadlineBrokeNoPromise()
    {
        var service = await harness.ServiceAsync();
        var cancelledInTime = await harness.QueuedAsync(service.Id);
        var cancelledLate = await harness.QueuedAsync(service.Id);
        await harness.ChangeAsync(cancelledInTime.Id, (c, now) => c.Cancel(now, Actor.Consumer), announce: false);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await harness.ChangeAsync(cancelledLate.Id, (c, now) => c.Cancel(now, Actor.Supervisor), announce: false);

        var inTime = await harness.Details.LoadAsync(Supervisor, cancelledInTime.Id, true, CancellationToken.None);
        var late = await harness.Details.LoadAsync(Supervisor, cancelledLate.Id, true, CancellationToken.None);

        Assert.Equal((null, false), (inTime!.PromiseKept, late!.PromiseKept));
    }

    [Fact]
    public async Task NumbersAreMaskedForUsersWhoMayNotManageCallbacks()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.HistoryAsync(service.Id);

        var detail = await harness.Details.LoadAsync(Supervisor, callback.Id, mayManage: false, CancellationToken.None);

        var masked = PhoneMasking.Mask(Phone);
        Assert.StartsWith("+1 ", masked);
        Assert.Equal(masked, detail!.Phone);
        Assert.Equal([$"Dial attempt 1 to consumer {masked}", $"Dial attempt 2 to consumer {masked}"],
            detail.Timeline.Where(e => e.Kind == TimelineEntry.DialKind).Select(e => e.Title));
        Assert.DoesNotContain(detail.Timeline, e => (e.Title + e.Detail + string.Concat(e.Facts)).Contains(Phone[2..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACallbackOutsideTheUsersScopeIsNotFoundAndCannotBeChanged()
    {
        var mine = await harness.ServiceAsync("mine");
        var theirs = await harness.ServiceAsync("theirs");
        var callback = await harness.QueuedAsync(theirs.Id);
        var limited = new PortalActor("lim-1", "lim@example.test", new ServiceScope(new HashSet<Guid> { mine.Id }));

        Assert.Null(await harness.Details.LoadAsync(limited, callback.Id, true, CancellationToken.None));
        Assert.Null(await harness.Details.LoadAsync(Supervisor, Guid.NewGuid(), true, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Actions.CancelAsync(limited, true, callback.Id, CancellationToken.None));
        Assert.Equal("service-not-allowed", refused.Code);
        await Assert.ThrowsAsync<DomainException>(() => harness.Actions.DialNowAsync(limited, true, callback.Id, CancellationToken.None));
        await Assert.ThrowsAsync<DomainException>(() => harness.Actions.RescheduleAsync(limited, true, callback.Id, new DateTime(2026, 11, 25, 15, 0, 0), CancellationToken.None));
        Assert.Equal(CallbackState.Queued, (await harness.StoredAsync(callback.Id)).State);
    }

    [Fact]
    public async Task UsersWithoutTheManagePermissionAreRefusedByTheService()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.QueuedAsync(service.Id);

        var refused = await Assert.ThrowsAsync<DomainException>(() => harness.Actions.CancelAsync(Supervisor, false, callback.Id, CancellationToken.None));
        await Assert.ThrowsAsync<DomainException>(() => harness.Actions.DialNowAsync(Supervisor, false, callback.Id, CancellationToken.None));

        Assert.Equal(("not-permitted", SupervisorCallbackActions.NotPermitted), (refused.Code, refused.Message));
        var stored = await harness.StoredAsync(callback.Id);
        Assert.Equal((CallbackState.Queued, 5), (stored.State, stored.Priority));
    }

    [Fact]
    public async Task ActionsNameTheSupervisorAndRescheduleOnTheServicesClock()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.QueuedAsync(service.Id);

        await harness.Actions.DialNowAsync(Supervisor, true, callback.Id, CancellationToken.None);
        await harness.Actions.RescheduleAsync(Supervisor, true, callback.Id, new DateTime(2026, 11, 25, 15, 30, 0), CancellationToken.None);
        await harness.Actions.CancelAsync(Supervisor, true, callback.Id, CancellationToken.None);

        var stored = await harness.StoredAsync(callback.Id);
        // 15:30 in Berlin in November is 14:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 30, 0, TimeSpan.Zero), stored.DesiredTime);
        Assert.Equal((CallbackState.Completed, CompletionReason.CancelledByAdmin), (stored.State, stored.Reason));
        Assert.Equal(
            [("priority", (CallbackState?)null), ("state", CallbackState.Scheduled), ("state", CallbackState.Completed)],
            stored.Events.Where(e => e.ActorName == "sam@example.test").OrderBy(e => e.Id).Select(e => (e.Kind, e.ToState)));
        var again = await Assert.ThrowsAsync<DomainException>(() => harness.Actions.CancelAsync(Supervisor, true, callback.Id, CancellationToken.None));
        Assert.Equal("A callback in Completed cannot be cancelled.", again.Message);
    }

    [Fact]
    public async Task ARescheduleTheServiceRefusesSaysWhy()
    {
        var service = await harness.ServiceAsync();
        var callback = await harness.QueuedAsync(service.Id);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            harness.Actions.RescheduleAsync(Supervisor, true, callback.Id, new DateTime(2026, 11, 25, 9, 0, 0), CancellationToken.None));

        Assert.Equal("validation-failed", refused.Code);
        Assert.Equal(CallbackState.Queued, (await harness.StoredAsync(callback.Id)).State);
    }
}
