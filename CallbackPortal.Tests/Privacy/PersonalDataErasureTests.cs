using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.ClickToCall;
using CallbackPortal.Engine;
using CallbackPortal.Privacy;
using CallbackPortal.Tests.CallbackList;
using CallbackPortal.Tests.Configuration;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Privacy;

/// <summary>Erasure by number over a real SQLite file: every kind of record that holds the number, and nothing else.</summary>
public sealed class PersonalDataErasureTests
{
    private static readonly DateTimeOffset Now = ListHarness.Now;
    private static readonly string Erased = ConsumerNumbers.Varied("US", PhoneNumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE, 17);
    private static readonly string Kept = ConsumerNumbers.Varied("US", PhoneNumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE, 42);

    [Fact]
    public async Task EveryRecordHoldingTheNumberIsErasedAndOtherNumbersAreUntouched()
    {
        await using var list = await ListHarness.CreateAsync();
        var erasure = ErasureHarness.Create(list.Database, list.Clock, new RecordingTriggers(), new CallbackEventStream(), list.Downloads);
        var (gone, stays) = (await SeedAsync(list, Erased), await SeedAsync(list, Kept));

        var preview = await erasure.PreviewAsync(ErasureHarness.Administrator, Erased, CancellationToken.None);
        var report = await erasure.EraseAsync(ErasureHarness.Administrator, Erased, CancellationToken.None);

        var expected = new ErasureCounts(Callbacks: 2, OpenCallbacks: 1, DialAttempts: 1, TimelineEntries: 1, PushSubscriptions: 1, ClickToCallReservations: 1,
            IdempotencyRecords: 1, ErrorLogEntries: 1, ExportFiles: 1);
        Assert.Equal(expected, preview.Counts);
        Assert.Equal(expected, report.Counts);
        await using var db = list.Database.CreateDbContext();
        foreach (var callback in await db.Callbacks.Where(c => gone.Contains(c.Id)).ToListAsync())
        {
            Assert.Equal((Callback.ErasedMarker, null, null, null, null, null, 0), (callback.PhoneNumber, callback.FirstName, callback.LastName, callback.Email,
                callback.Notes, callback.DispositionNotes, callback.UserData.Count));
            Assert.Equal(CallbackState.Completed, callback.State);
        }
        Assert.Equal(CompletionReason.CancelledByAdmin, (await db.Callbacks.SingleAsync(c => c.Id == gone[1])).Reason);
        Assert.Equal("resolved", (await db.CallbackEvents.SingleAsync(e => e.CallbackId == gone[0] && e.Kind == CallbackEventKinds.WrapUp)).Detail);
        Assert.Equal(Callback.ErasedMarker, (await db.DialAttempts.SingleAsync(a => a.CallbackId == gone[0])).To);
        Assert.DoesNotContain(ErasureNumber.National(Erased), (await db.DialAttempts.SingleAsync(a => a.CallbackId == gone[0])).Detail);
        Assert.False(await db.PushSubscriptions.AnyAsync(s => gone.Contains(s.CallbackId)));
        Assert.False(await db.ClickToCallReservations.AnyAsync(r => r.FromPhoneNumber == Erased));
        Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Key == "support:" + Erased));
        Assert.False(await db.ApiErrors.AnyAsync(e => e.Detail!.Contains(ErasureNumber.National(Erased))));
        Assert.Empty(list.Downloads.FilesMentioning([gone[0].ToString(), Erased]));
        // The other consumer's records are all still there, word for word.
        Assert.Equal(2, await db.Callbacks.CountAsync(c => c.PhoneNumber == Kept && c.FirstName == "Grace" && c.Email == "grace@example.test"));
        Assert.Equal(Kept, (await db.DialAttempts.SingleAsync(a => a.CallbackId == stays[0])).To);
        Assert.Equal("resolved: call back re " + Kept, (await db.CallbackEvents.SingleAsync(e => e.CallbackId == stays[0] && e.Kind == CallbackEventKinds.WrapUp)).Detail);
        Assert.True(await db.PushSubscriptions.AnyAsync(s => s.CallbackId == stays[0]));
        Assert.True(await db.ClickToCallReservations.AnyAsync(r => r.FromPhoneNumber == Kept));
        Assert.True(await db.IdempotencyRecords.AnyAsync(r => r.Key == "support:" + Kept));
        Assert.True(await db.ApiErrors.AnyAsync(e => e.Detail!.Contains(ErasureNumber.National(Kept))));
        Assert.Single(list.Downloads.FilesMentioning([stays[0].ToString()]));
        Assert.Equal(CallbackState.Queued, (await db.Callbacks.SingleAsync(c => c.Id == stays[1])).State);
    }

    [Fact]
    public async Task TheAuditEntrySaysWhoErasedHowManyOfWhatButNeverTheNumber()
    {
        await using var list = await ListHarness.CreateAsync();
        var erasure = ErasureHarness.Create(list.Database, list.Clock, new RecordingTriggers(), new CallbackEventStream(), list.Downloads);
        await SeedAsync(list, Erased);

        var report = await erasure.EraseAsync(ErasureHarness.Administrator, Erased, CancellationToken.None);

        await using var db = list.Database.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Area == CallbackPortal.Audit.AuditAreas.Privacy);
        Assert.Equal((report.AuditEntryId, "admin@example.test", CallbackPortal.Audit.AuditActions.Erased), (entry.Id, entry.UserName, entry.Action));
        var changes = CallbackPortal.Audit.AuditChanges.FromJson(entry.Changes).ToDictionary(c => c.Field, c => c.After);
        Assert.Equal("2", changes["callbacks"]);
        Assert.Equal("1", changes["cancelledFirst"]);
        Assert.Equal(await erasure.FingerprintAsync(Erased, CancellationToken.None), changes["numberFingerprint"]);
        foreach (var text in new[] { entry.Target, entry.Changes })
        {
            Assert.DoesNotContain(ErasureNumber.National(Erased), text, StringComparison.Ordinal);
            Assert.DoesNotContain(ErasureNumber.National(Erased)[..6], text, StringComparison.Ordinal);
        }
        Assert.Equal("phone number " + PhoneMasking.Mask(Erased), entry.Target);
    }

    [Fact]
    public async Task APendingCallbackIsCancelledByTheEngineAndNeverDialed()
    {
        await using var engine = await Engine.EngineHarness.CreateAsync();
        await engine.AddServiceAsync();
        var callback = await engine.RequestAsync(phone: Erased);
        var erasure = ErasureHarness.Create(engine.Database, engine.Clock, engine.Work, engine.Events);

        await erasure.EraseAsync(ErasureHarness.Administrator, Erased, CancellationToken.None);
        await engine.AddAgentAsync("Ready after the erasure");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Empty(engine.Telephony.Calls);
        var after = await engine.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Completed, CompletionReason.CancelledByAdmin, Callback.ErasedMarker), (after.State, after.Reason, after.PhoneNumber));
        Assert.Contains(after.Events, e => e.Detail == "CancelledByAdmin: " + PersonalDataErasure.CancelDetail && e.ActorName == "admin@example.test");
    }

    [Fact]
    public async Task ACallInProgressHoldsTheErasureBackWithAMessage()
    {
        await using var engine = await Engine.EngineHarness.CreateAsync();
        await engine.AddServiceAsync();
        await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync(phone: Erased);
        await engine.RunDueAsync();
        await engine.ReportAsync(Erased, new CallbackPortal.Telephony.CallProgress(CallbackPortal.Telephony.CallStage.Answered, CallbackPortal.Telephony.AnsweredBy.Person, null, "in-progress"));
        await engine.BridgeAsync(Erased, connected: true);
        Assert.Equal(CallbackState.Processing, (await engine.CallbackAsync(callback.Id)).State);
        var erasure = ErasureHarness.Create(engine.Database, engine.Clock, engine.Work, engine.Events);

        var preview = await erasure.PreviewAsync(ErasureHarness.Administrator, Erased, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DomainException>(() => erasure.EraseAsync(ErasureHarness.Administrator, Erased, CancellationToken.None));

        Assert.Equal(PersonalDataErasure.InProgress, preview.Blocker);
        Assert.Equal("call-in-progress", refused.Code);
        Assert.Equal(Erased, (await engine.CallbackAsync(callback.Id)).PhoneNumber);
    }

    [Theory]
    [InlineData("", "Enter the phone number")]
    [InlineData("hello", "That is not a phone number")]
    [InlineData("0151 234 567 89 0151 234 567 89 0151 234 567 89 0151", "longer than a phone number")]
    [InlineData("202 555 0123", "reads as 2 different numbers")]
    public async Task InputThatIsNotOneNumberGetsAMessageAndErasesNothing(string input, string message)
    {
        await using var list = await ListHarness.CreateAsync();
        var erasure = ErasureHarness.Create(list.Database, list.Clock, new RecordingTriggers(), new CallbackEventStream(), list.Downloads);
        await SeedAsync(list, Erased);

        var refused = await Assert.ThrowsAsync<DomainException>(() => erasure.EraseAsync(ErasureHarness.Administrator, input, CancellationToken.None));

        Assert.Equal("invalid-phone-number", refused.Code);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        await using var db = list.Database.CreateDbContext();
        Assert.Equal(2, await db.Callbacks.CountAsync(c => c.PhoneNumber == Erased));
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task WithoutThePermissionOrWithALimitedScopeTheServiceRefuses()
    {
        await using var list = await ListHarness.CreateAsync();
        var erasure = ErasureHarness.Create(list.Database, list.Clock, new RecordingTriggers(), new CallbackEventStream(), list.Downloads);
        await SeedAsync(list, Erased);
        var withoutPermission = ErasureHarness.Administrator with { Granted = new HashSet<string>() };
        var limited = new PortalActor("u", "limited@example.test", new ServiceScope(new HashSet<Guid> { list.Support.Id }));

        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => erasure.PreviewAsync(withoutPermission, Erased, CancellationToken.None)),
            await Assert.ThrowsAsync<DomainException>(() => erasure.EraseAsync(withoutPermission, Erased, CancellationToken.None)),
            await Assert.ThrowsAsync<DomainException>(() => erasure.EraseAsync(limited, Erased, CancellationToken.None)),
        };

        Assert.Equal([PortalActor.NotPermitted, PortalActor.NotPermitted, Eraser.Limited], refusals.Select(r => r.Message));
        await using var db = list.Database.CreateDbContext();
        Assert.Equal(2, await db.Callbacks.CountAsync(c => c.PhoneNumber == Erased));
    }

    /// <summary>
    /// A consumer's footprint: a completed callback with a wrap-up note, an attempt and a push subscription, an open one,
    /// a click-to-call reservation, an idempotency record, an error-log line and an export file.
    /// </summary>
    /// <returns>The completed callback's id, then the open one's.</returns>
    private static async Task<Guid[]> SeedAsync(ListHarness list, string number)
    {
        var done = ListHarness.Build(list.Support, Now.AddHours(-2), CallbackState.Completed, phone: number, first: "Grace", last: "Hopper", notes: "order 17",
            data: new() { ["orderId"] = "A-17" });
        done.Email = "grace@example.test";
        done.Disposition = "resolved";
        done.DispositionNotes = "call back re " + number;
        done.Record(Now, Actor.Agent, CallbackEventKinds.WrapUp, "resolved: call back re " + number, "agent");
        var attempt = done.AddAttempt(number, agentFirst: false, Now.AddHours(-2));
        attempt.Detail = $"The 'To' number {number} was busy";
        var open = ListHarness.Build(list.Support, Now.AddHours(-1), CallbackState.Queued, phone: number, first: "Grace", last: "Hopper");
        open.Email = "grace@example.test";
        await using var db = list.Database.CreateDbContext();
        db.Callbacks.AddRange(done, open);
        var group = new ClickToCallGroup { Id = Guid.NewGuid(), Key = "g-" + Guid.NewGuid().ToString("N")[..6], Name = "Group", TargetServiceId = list.Support.Id };
        db.ClickToCallGroups.Add(group);
        db.ClickToCallReservations.Add(new ClickToCallReservation { Id = Guid.NewGuid(), GroupId = group.Id, ToPhoneNumber = "+12025550111", FromPhoneNumber = number,
            CreatedAt = Now, ExpiresAt = Now.AddMinutes(10) });
        db.PushSubscriptions.Add(new CallbackPortal.Push.PushSubscription { Id = Guid.NewGuid(), CallbackId = done.Id, Endpoint = "https://push.example/" + Guid.NewGuid(), CreatedAt = Now });
        db.IdempotencyRecords.Add(new CallbackPortal.PublicApi.IdempotencyRecord { Key = "support:" + number, RequestHash = "h", Done = true, StartedAt = Now,
            Status = 201, Location = $"/api/v1/callbacks/{done.Id}" });
        db.ApiErrors.Add(new CallbackPortal.Diagnostics.ApiErrorEntry { At = Now, Method = "POST", Path = "/api/v1/services/support/callbacks", Status = 400,
            Code = "validation-failed", Detail = $"phoneNumber {ErasureNumber.National(number)} was refused" });
        await db.SaveChangesAsync();
        var file = list.Downloads.Create("admin-id", "callbacks.csv");
        await File.WriteAllTextAsync(file.Path, $"callback_id,phone\n{done.Id},{PhoneMasking.Mask(number)}\n");
        return [done.Id, open.Id];
    }
}
