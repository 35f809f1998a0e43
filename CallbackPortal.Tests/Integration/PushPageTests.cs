using AngleSharp.Dom;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Integration;
using CallbackPortal.Push;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Integration;

/// <summary>The push notifications page: keys generated and replaced only when confirmed, toggles refused without keys, tests shown, secrets never in the markup.</summary>
public sealed class PushPageTests : IAsyncLifetime
{
    private readonly SecretProtector secrets = PushTestAccount.Secrets();
    private TestDatabase database = default!;
    private Guid serviceId;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        serviceId = Guid.NewGuid();
        await using var db = database.CreateDbContext();
        db.CallbackServices.AddRange(
            new CallbackService { Id = serviceId, Key = "support", Name = "Support" },
            new CallbackService { Id = Guid.NewGuid(), Key = "training", Name = "Training" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private BunitContext Context(Action<Bunit.TestDoubles.BunitAuthorizationContext>? user = null) => PortalPages.For(database, services =>
    {
        services.AddSingleton(secrets).AddSingleton<FcmTokenClient>().AddSingleton<PushConfiguration>();
        services.AddHttpClient(FcmTokenClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
    }, user);

    [Fact]
    public async Task TurningWebPushOnWithoutKeysIsRefusedThenGeneratedKeysAreSaved()
    {
        await using var context = Context();
        var page = context.Render<PushPage>();
        page.WaitForAssertion(() => Assert.Contains("Web Push", page.Markup));

        page.Find("input[data-testid=webpush-enabled]").Change(true);
        Field(page, "vapid-subject").Change("mailto:push@example.com");
        page.Find("[data-testid=push-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("Generate the VAPID keys before turning Web Push on.", page.Markup));

        page.Find("[data-testid=vapid-generate]").Click();
        var publicKey = Field(page, "vapid-public-key").GetAttribute("value");
        page.Find("[data-testid=push-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("Saved.", page.Markup));

        await using var db = database.CreateDbContext();
        var stored = (await db.CallbackServices.SingleAsync(s => s.Id == serviceId)).Push;
        Assert.True(stored.WebPushEnabled);
        Assert.True(VapidKeys.IsPublicKey(publicKey));
        Assert.Equal(publicKey, stored.VapidPublicKey);
        Assert.DoesNotContain(stored.VapidPrivateKeyProtected!, page.Markup);
    }

    [Fact]
    public async Task ReplacingKeysAsksFirstAndKeepsThemWhenTheAnswerIsNo()
    {
        var before = await StoreKeysAsync();
        await using var context = Context();
        var page = context.Render<PushPage>();
        page.WaitForAssertion(() => Assert.Equal(before, Field(page, "vapid-public-key").GetAttribute("value")));

        page.Find("[data-testid=vapid-generate]").Click();
        page.WaitForAssertion(() => Assert.Contains("stop working", page.Find("[data-testid=vapid-confirm]").TextContent));
        Assert.Equal(before, Field(page, "vapid-public-key").GetAttribute("value"));
        page.FindAll("button").First(b => b.TextContent.Contains("Keep the current keys", StringComparison.Ordinal)).Click();
        Assert.Empty(page.FindAll("[data-testid=vapid-confirm]"));

        page.Find("[data-testid=vapid-generate]").Click();
        page.Find("[data-testid=vapid-confirm-replace]").Click();
        page.WaitForAssertion(() => Assert.NotEqual(before, Field(page, "vapid-public-key").GetAttribute("value")));
        Assert.Contains("not saved yet", page.Markup);
    }

    [Fact]
    public async Task TheTestButtonsSayWhetherTheKeysWorkAndTheProvidersWordsWhenNot()
    {
        await StoreKeysAsync();
        await using var standIn = await TwilioStandIn.StartAsync();
        using var account = new PushTestAccount(standIn.BaseUrl + "/token");
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, 401, """{"error":"invalid_client","error_description":"The OAuth client was not found."}""");
        await using var context = Context();
        var page = context.Render<PushPage>();
        page.WaitForAssertion(() => Assert.Contains("Web Push", page.Markup));

        page.Find("[data-testid=webpush-test]").Click();
        Field(page, "fcm-json").Change(account.Json);
        page.Find("[data-testid=fcm-test]").Click();

        page.WaitForAssertion(() => Assert.Contains("Keys valid", page.Find("[data-testid=webpush-result]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("invalid_client: The OAuth client was not found.", page.Find("[data-testid=fcm-result]").TextContent));
    }

    [Fact]
    public async Task StoredPrivateKeysAreNeverInTheMarkup()
    {
        await StoreKeysAsync();
        using var account = new PushTestAccount("https://oauth2.googleapis.com/token");
        var push = new PushConfiguration(database, secrets, new AuditLog(TimeProvider.System), PushKeysTests.Client(), TimeProvider.System);
        var form = (await push.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        form.FcmEnabled = true;
        Assert.Empty(await push.SaveAsync(PortalActor.System, serviceId, form, account.Json, CancellationToken.None));
        await using var db = database.CreateDbContext();
        var stored = (await db.CallbackServices.SingleAsync(s => s.Id == serviceId)).Push;
        await using var context = Context();

        var page = context.Render<PushPage>();
        page.WaitForAssertion(() => Assert.Contains("push-sender@shop-app-1234.iam.gserviceaccount.com", page.Markup));

        Assert.Contains("Set, stored protected (key id a1b2c3d4…)", page.Markup);
        Assert.DoesNotContain(account.PrivateKeyLine, page.Markup);
        Assert.DoesNotContain("PRIVATE KEY", page.Markup);
        Assert.DoesNotContain(stored.FcmPrivateKeyProtected!, page.Markup);
        Assert.DoesNotContain(stored.VapidPrivateKeyProtected!, page.Markup);
        Assert.DoesNotContain(secrets.Unprotect(stored.VapidPrivateKeyProtected)!, page.Markup);
        Assert.Equal("", Field(page, "fcm-json").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task AUserLimitedToOneServiceIsOfferedOnlyThatService()
    {
        var limited = await LimitedUser.CreateAsync(database, serviceId);
        await using var context = Context(limited);

        var page = context.Render<PushPage>();
        page.WaitForAssertion(() => Assert.Contains("Web Push", page.Markup));
        page.Find("div.mud-input-control.mud-select").MouseDown();

        page.WaitForAssertion(() => Assert.Equal("Support (support)", page.Find("[data-testid=push-service]").TextContent));
        var offered = page.FindComponents<MudBlazor.MudSelectItem<Guid>>();
        Assert.Equal([serviceId], offered.Select(o => o.Instance.Value));
    }

    private async Task<string> StoreKeysAsync()
    {
        var pair = VapidKeys.Generate();
        await using var db = database.CreateDbContext();
        var service = await db.CallbackServices.SingleAsync(s => s.Id == serviceId);
        service.Push = new PushSettings { VapidPublicKey = pair.PublicKey, VapidPrivateKeyProtected = secrets.Protect(pair.PrivateKeyPkcs8), VapidSubject = "mailto:push@example.com" };
        await db.SaveChangesAsync();
        return pair.PublicKey;
    }

    private static IElement Field(IRenderedComponent<PushPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea");
}
