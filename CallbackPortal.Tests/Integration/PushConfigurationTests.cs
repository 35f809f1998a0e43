using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Callbacks;
using CallbackPortal.Push;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Telephony;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Integration;

/// <summary>Saving push settings: keys before toggles, private keys stored protected and audited masked, stale saves and other services refused.</summary>
public sealed class PushConfigurationTests : IAsyncLifetime
{
    private readonly SecretProtector secrets = PushTestAccount.Secrets();
    private TestDatabase database = default!;
    private Guid serviceId;
    private Guid otherId;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        (serviceId, otherId) = (Guid.NewGuid(), Guid.NewGuid());
        await using var db = database.CreateDbContext();
        db.CallbackServices.AddRange(
            new CallbackService { Id = serviceId, Key = "support", Name = "Support" },
            new CallbackService { Id = otherId, Key = "sales", Name = "Sales" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PushConfiguration Configuration() => new(database, secrets, new AuditLog(TimeProvider.System), PushKeysTests.Client(), TimeProvider.System);

    [Fact]
    public async Task TurningAProviderOnWithoutItsKeysIsRefusedAtTheToggleAndNothingIsSaved()
    {
        var push = Configuration();
        var form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        form.WebPushEnabled = true;
        form.FcmEnabled = true;

        var errors = await push.SaveAsync(PortalActor.System, serviceId, form, null, CancellationToken.None);

        Assert.Equal("Generate the VAPID keys before turning Web Push on.", Assert.Single(errors[nameof(PushSettings.WebPushEnabled)]));
        Assert.Equal("Paste the service account's JSON key before turning FCM on.", Assert.Single(errors[nameof(PushSettings.FcmEnabled)]));
        Assert.Contains(nameof(PushSettings.VapidSubject), errors.Keys);
        await using var db = database.CreateDbContext();
        Assert.False((await db.CallbackServices.SingleAsync(s => s.Id == serviceId)).Push.WebPushEnabled);
        Assert.Empty(db.AuditEntries);
    }

    [Theory]
    [InlineData("mailto:not an address")]
    [InlineData("http://example.com/contact")]
    [InlineData("push@example.com")]
    public async Task ASubjectThatIsNeitherAMailtoNorAnHttpsUrlIsRefused(string subject)
    {
        var push = Configuration();
        var form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        form.VapidSubject = subject;

        var errors = await push.SaveAsync(PortalActor.System, serviceId, form, null, CancellationToken.None);

        Assert.StartsWith("Use a mailto: address", Assert.Single(errors[nameof(PushSettings.VapidSubject)]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratedKeysAreSavedWithThePrivateKeyProtectedTestedValidAndAuditedMasked()
    {
        var push = Configuration();
        var form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        push.GenerateVapidKeys(form);
        (form.WebPushEnabled, form.VapidSubject) = (true, "mailto:push@example.com");

        var errors = await push.SaveAsync(PortalActor.System, serviceId, form, null, CancellationToken.None);
        var test = await push.TestWebPushAsync(PortalActor.System, serviceId, (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!, CancellationToken.None);

        Assert.Empty(errors);
        Assert.True(test.Ok, test.Message);
        Assert.StartsWith("Keys valid", test.Message, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        var stored = (await db.CallbackServices.SingleAsync(s => s.Id == serviceId)).Push;
        var privateKey = secrets.Unprotect(stored.VapidPrivateKeyProtected)!;
        Assert.Equal(form.VapidPublicKey, stored.VapidPublicKey);
        Assert.DoesNotContain(privateKey, stored.VapidPrivateKeyProtected);
        var token = VapidKeys.SignToken(privateKey, "https://push.example.net", "mailto:push@example.com", DateTimeOffset.UtcNow.AddHours(1));
        Assert.NotNull(VapidKeys.Verify(token, stored.VapidPublicKey!, DateTimeOffset.UtcNow));
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((AuditAreas.Features, "support: push", serviceId), (entry.Area, entry.Target, entry.ServiceId));
        var changes = AuditChanges.FromJson(entry.Changes);
        Assert.Equal(AuditChanges.Masked, changes.Single(c => c.Field == "vapidPrivateKey").After);
        Assert.Equal(stored.VapidPublicKey, changes.Single(c => c.Field == "vapidPublicKey").After);
        Assert.DoesNotContain(stored.VapidPrivateKeyProtected!, entry.Changes);
    }

    [Fact]
    public async Task APastedServiceAccountIsStoredProtectedAndItsTestAsksTheTokenService()
    {
        await using var standIn = await TwilioStandIn.StartAsync();
        using var account = new PushTestAccount(standIn.BaseUrl + "/token");
        standIn.Respond = (request, context) => PushKeysTests.IsSignedBy(account.Key, request.Field("assertion"))
            ? TwilioStandIn.Json(context, 200, """{"access_token":"ya29.test","expires_in":3599}""")
            : TwilioStandIn.Json(context, 400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
        var push = Configuration();
        var form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        form.FcmEnabled = true;

        var errors = await push.SaveAsync(PortalActor.System, serviceId, form, account.Json, CancellationToken.None);
        var reloaded = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        var test = await push.TestFcmAsync(PortalActor.System, serviceId, null, CancellationToken.None);

        Assert.Empty(errors);
        Assert.True(test.Ok, test.Message);
        Assert.Equal(("shop-app-1234", true, true), (reloaded.FcmProjectId, reloaded.HasFcmPrivateKey, reloaded.FcmEnabled));
        await using var db = database.CreateDbContext();
        var row = await db.CallbackServices.AsNoTracking().Where(s => s.Id == serviceId).Select(s => s.Push).SingleAsync();
        Assert.DoesNotContain(account.PrivateKeyLine, row.FcmPrivateKeyProtected);
        Assert.Contains(account.PrivateKeyLine, secrets.Unprotect(row.FcmPrivateKeyProtected));
        Assert.DoesNotContain(account.PrivateKeyLine, (await db.AuditEntries.SingleAsync()).Changes);
    }

    [Fact]
    public async Task AKeyFileThatCannotBeUsedIsRefusedAtItsFieldAndTheStoredAccountIsKept()
    {
        using var account = new PushTestAccount("https://oauth2.googleapis.com/token");
        var push = Configuration();
        var form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        Assert.Empty(await push.SaveAsync(PortalActor.System, serviceId, form, account.Json, CancellationToken.None));
        form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;

        var errors = await push.SaveAsync(PortalActor.System, serviceId, form, account.With("type", "authorized_user"), CancellationToken.None);

        Assert.StartsWith("\"type\" must be", Assert.Single(errors[PushForm.FcmJsonField]), StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal("push-sender@shop-app-1234.iam.gserviceaccount.com", (await db.CallbackServices.SingleAsync(s => s.Id == serviceId)).Push.FcmClientEmail);
    }

    [Fact]
    public async Task ASaveBasedOnAnOlderVersionIsRefusedAndChangesNothing()
    {
        var push = Configuration();
        var mine = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        var theirs = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        theirs.VapidSubject = "mailto:theirs@example.com";
        Assert.Empty(await push.SaveAsync(PortalActor.System, serviceId, theirs, null, CancellationToken.None));

        mine.VapidSubject = "mailto:mine@example.com";
        var errors = await push.SaveAsync(PortalActor.System, serviceId, mine, null, CancellationToken.None);

        Assert.Equal(CallbackPortal.Services.ServiceEdits.ChangedMeanwhile, Assert.Single(errors[""]));
        await using var db = database.CreateDbContext();
        Assert.Equal("mailto:theirs@example.com", (await db.CallbackServices.SingleAsync(s => s.Id == serviceId)).Push.VapidSubject);
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task AUserLimitedToOneServiceNeitherSeesNorChangesAnother()
    {
        var push = Configuration();
        var limited = LimitedUser.Actor(serviceId);
        var form = (await push.LoadAsync(PortalActor.System, otherId, CancellationToken.None))!;
        form.VapidSubject = "mailto:sneaky@example.com";

        var listed = await push.ServicesAsync(limited, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DomainException>(() => push.SaveAsync(limited, otherId, form, null, CancellationToken.None));

        Assert.Equal("support", Assert.Single(listed).Key);
        Assert.Equal("service-not-allowed", refused.Code);
        await Assert.ThrowsAsync<DomainException>(() => push.LoadAsync(limited, otherId, CancellationToken.None));
        await using var db = database.CreateDbContext();
        Assert.Null((await db.CallbackServices.SingleAsync(s => s.Id == otherId)).Push.VapidSubject);
    }
}
