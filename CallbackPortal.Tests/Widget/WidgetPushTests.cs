using System.Text.Json;
using CallbackPortal.Callbacks;
using CallbackPortal.Push;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Push;
using CallbackPortal.Tests.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>
/// "Notify me" on the widget's confirmation, with the demo site's real service worker (its one-liner imports the portal's
/// callback-sw.js). Chromium here cannot reach a push service, so only <c>PushManager.subscribe</c> is replaced: it
/// answers with an endpoint on a local stand-in and the keys of a <see cref="TestSubscriber"/> the test holds.
/// </summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetPushTests(WidgetPortal portal) : IClassFixture<WidgetPortal>, IAsyncLifetime
{
    private TwilioStandIn pushService = default!;

    public async Task InitializeAsync() => pushService = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await pushService.DisposeAsync();

    private TestSubscriber NewSubscriber() => new($"{pushService.BaseUrl}/wpush/{Guid.NewGuid():N}");

    /// <summary>A page of the demo shop with notifications allowed (or not) and subscribe() answering with the subscriber.</summary>
    private async Task<IPage> ShopPageAsync(TestSubscriber subscriber, bool allowNotifications = true)
    {
        var page = await portal.NewPageAsync();
        if (allowNotifications)
        {
            await page.Context.GrantPermissionsAsync(["notifications"], new() { Origin = portal.Pages.GetLeftPart(UriPartial.Authority) });
        }
        var json = JsonSerializer.Serialize(new { endpoint = subscriber.Endpoint, expirationTime = (object?)null, keys = new { p256dh = subscriber.P256dh, auth = subscriber.Auth } });
        await page.AddInitScriptAsync($$"""
            PushManager.prototype.subscribe = async function (options) {
              const key = new Uint8Array(options.applicationServerKey);
              window.subscribedWith = { userVisibleOnly: options.userVisibleOnly, key: btoa(String.fromCharCode(...key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') };
              const json = {{json}};
              return { endpoint: json.endpoint, options, toJSON: () => json, unsubscribe: async () => true };
            };
            """);
        await page.GotoAsync("/");
        return page;
    }

    private async Task<Callback> AskForACallAsync(IPage page, string nationalNumber, string e164)
    {
        await page.Locator("#call-me-back").ClickAsync();
        await page.GetByLabel("Phone number").FillAsync(nationalNumber);
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        return await portal.OneCallbackToAsync(e164);
    }

    private async Task<List<PushSubscription>> SubscriptionsAsync(Guid callbackId)
    {
        await using var db = await ApiServices.DbAsync(portal.Host);
        return await db.PushSubscriptions.AsNoTracking().Where(s => s.CallbackId == callbackId).ToListAsync();
    }

    [Fact]
    public async Task TheDemoSiteServesTheOneLineWorkerThatImportsThePortalsAndPushIsOnForTheDemoServices()
    {
        using var http = new HttpClient { BaseAddress = portal.Pages };
        using var response = await http.GetAsync("/callback-sw.js");

        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        // The portal on the host name the visitor used for the demo site, so both origins line up.
        Assert.Equal($"importScripts('http://localhost:{portal.Host.BaseAddress.Port}/widget/v1/callback-sw.js');", (await response.Content.ReadAsStringAsync()).Trim());
        var support = (await portal.SupportAsync())!;
        Assert.True(support.Push.WebPushEnabled && support.Push.HasVapidKeys());
        Assert.Equal("mailto:push@demo.example", support.Push.VapidSubject);
    }

    [Fact]
    public async Task AVisitorTurnsNotificationsOnKeepsThemAcrossAReloadAndTurnsThemOff()
    {
        using var subscriber = NewSubscriber();
        var page = await ShopPageAsync(subscriber);
        var subscribed = page.EvaluateAsync<string>("() => new Promise(done => CallbackWidget.on('pushSubscribed', e => done(e.subscriptionId)))");
        var callback = await AskForACallAsync(page, "(202) 555-0171", "+12025550171");

        var notify = page.GetByRole(AriaRole.Button, new() { Name = "Notify me in this browser" });
        await Assertions.Expect(notify).ToBeVisibleAsync();
        await WidgetPortal.ScreenshotAsync(page, "push-offer");
        await notify.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "We'll notify you in this browser." })).ToBeVisibleAsync();
        var stored = Assert.Single(await SubscriptionsAsync(callback.Id));
        Assert.Equal((PushChannel.WebPush, subscriber.Endpoint, subscriber.P256dh, subscriber.Auth), (stored.Channel, stored.Endpoint, stored.P256dh, stored.Auth));
        Assert.Equal(stored.Id.ToString(), await subscribed);
        var support = await portal.SupportAsync();
        Assert.Equal(support!.Push.VapidPublicKey, await page.EvaluateAsync<string>("() => window.subscribedWith.key"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.subscribedWith.userVisibleOnly"));
        Assert.Equal("activated", await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.getRegistration('/')).active.state"));
        await WidgetPortal.ScreenshotAsync(page, "push-on");

        await page.ReloadAsync();
        await page.Locator("#call-me-back").ClickAsync();
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop notifications" });
        await Assertions.Expect(stop).ToBeVisibleAsync();
        var unsubscribed = page.EvaluateAsync<JsonElement>("() => new Promise(done => CallbackWidget.on('pushUnsubscribed', e => done(e)))");
        await stop.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Notifications are off." })).ToBeVisibleAsync();
        Assert.Equal(callback.Id.ToString(), (await unsubscribed).GetProperty("id").GetString());
        Assert.Empty(await SubscriptionsAsync(callback.Id));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Notify me in this browser" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WhenTheVisitorRefusesNotificationsTheWidgetSaysSoAndStoresNothing()
    {
        using var subscriber = NewSubscriber();
        var page = await ShopPageAsync(subscriber, allowNotifications: false);
        // The visitor answers the browser's question with "Block".
        await page.EvaluateAsync("() => { Notification.requestPermission = async () => 'denied'; }");
        var failed = page.EvaluateAsync<string>("() => new Promise(done => CallbackWidget.on('pushError', e => done(e.code)))");
        var callback = await AskForACallAsync(page, "(202) 555-0172", "+12025550172");

        await page.GetByRole(AriaRole.Button, new() { Name = "Notify me in this browser" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Notifications are blocked for this site" })).ToBeVisibleAsync();
        Assert.Equal("push-denied", await failed);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Notify me in this browser" }).CountAsync());
        Assert.Empty(await SubscriptionsAsync(callback.Id));
        Assert.False(await page.EvaluateAsync<bool>("() => 'subscribedWith' in window"));
    }

    [Fact]
    public async Task NoButtonWithoutAServiceWorkerOrWhenNotificationsAreBlockedOrPushIsOff()
    {
        using var subscriber = NewSubscriber();
        // A page that names no service worker (the demo's CSP page), with notifications allowed.
        var plain = await portal.NewPageAsync();
        await plain.Context.GrantPermissionsAsync(["notifications"], new() { Origin = portal.Pages.GetLeftPart(UriPartial.Authority) });
        await plain.GotoAsync("/csp");
        await AskForACallAsync(plain, "(202) 555-0173", "+12025550173");
        // Notifications blocked for the site beforehand.
        var blocked = await ShopPageAsync(subscriber, allowNotifications: false);
        var session = await blocked.Context.NewCDPSessionAsync(blocked);
        var target = await session.SendAsync("Target.getTargetInfo");
        await session.SendAsync("Browser.setPermission", new()
        {
            ["browserContextId"] = target!.Value.GetProperty("targetInfo").GetProperty("browserContextId").GetString()!,
            ["permission"] = new Dictionary<string, object> { ["name"] = "notifications" },
            ["setting"] = "denied",
            ["origin"] = portal.Pages.GetLeftPart(UriPartial.Authority),
        });
        Assert.Equal("denied", await blocked.EvaluateAsync<string>("() => Notification.permission"));
        await AskForACallAsync(blocked, "(202) 555-0174", "+12025550174");
        // Web Push turned off for the service.
        await portal.ChangeSupportAsync(s => s.Push.WebPushEnabled = false);
        try
        {
            var off = await ShopPageAsync(subscriber);
            await off.Locator("#call-me-back").ClickAsync();
            await off.GetByLabel("Phone number").FillAsync("(202) 555-0175");
            // The confirmation asks the status once more, for the push key: its answer decides.
            var status = off.WaitForResponseAsync(r => r.Url.Contains("/status", StringComparison.Ordinal) && r.Request.Method == "GET");
            await off.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(off.Locator("#cbw-promised")).ToBeVisibleAsync();
            await (await status).FinishedAsync();
            await Assertions.Expect(off.GetByRole(AriaRole.Button, new() { Name = "Reschedule" })).ToBeVisibleAsync();
            Assert.Equal(0, await off.Locator("#cbw-push-button").CountAsync());
        }
        finally
        {
            await portal.ChangeSupportAsync(s => s.Push.WebPushEnabled = true);
        }
        Assert.Equal(0, await plain.Locator("#cbw-push-button").CountAsync());
        Assert.Equal(0, await blocked.Locator("#cbw-push-button").CountAsync());
    }

    /// <summary>
    /// End to end: the visitor subscribes in the widget, the portal's notifier sends the confirmation to the push service,
    /// and that very message, decrypted as the browser would, is handed to the real service worker, which shows it. (This
    /// host runs no job server, so the test runs the notifier's job itself; the Push tests cover the job from engine events.)
    /// </summary>
    [Fact]
    public async Task TheConfirmationThePortalSendsIsShownByTheServiceWorker()
    {
        await using var pushService = await PushServiceStandIn.StartAsync();
        using var subscriber = pushService.NewSubscriber();
        var page = await ShopPageAsync(subscriber);
        var callback = await AskForACallAsync(page, "(202) 555-0176", "+12025550176");
        await page.GetByRole(AriaRole.Button, new() { Name = "Notify me in this browser" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop notifications" })).ToBeVisibleAsync();

        await PushRuns.ScanAsync(portal.Host);
        var arrived = await ApiServices.EventuallyAsync(() => Task.FromResult(pushService.MessagesTo(subscriber).Count > 0), TimeSpan.FromSeconds(60));
        Assert.True(arrived, "the portal sent no confirmation to the push service; its ledger: "
            + string.Join("; ", (await PushRuns.LedgerAsync(portal.Host, callback.Id)).Select(n => $"{n.Event} {n.State} {n.ProviderStatus} {n.ProviderAnswer}")));
        // With the demo's agents the wait may already be under the threshold, so "coming" can follow at once: one of each at most.
        var messages = pushService.MessagesTo(subscriber);
        var sent = Assert.Single(messages, m => string.Equals(m["data"]!["event"]!.GetValue<string>(), "confirmed", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(messages.Count, messages.Select(m => m["data"]!["event"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(callback.Id.ToString(), sent["data"]!["callbackId"]!.GetValue<string>());

        var session = await page.Context.NewCDPSessionAsync(page);
        var registrationId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            foreach (var registration in e!.Value.GetProperty("registrations").EnumerateArray())
            {
                if (registration.GetProperty("scopeURL").GetString() == portal.Pages.ToString() && !registration.GetProperty("isDeleted").GetBoolean())
                {
                    registrationId.TrySetResult(registration.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await session.SendAsync("ServiceWorker.enable");
        await session.SendAsync("ServiceWorker.deliverPushMessage", new()
        {
            ["origin"] = portal.Pages.GetLeftPart(UriPartial.Authority),
            ["registrationId"] = await registrationId.Task.WaitAsync(TimeSpan.FromSeconds(10)),
            ["data"] = sent.ToJsonString(),
        });

        var shown = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const registration = await navigator.serviceWorker.getRegistration('/');
              for (let i = 0; i < 200; i++) {
                const list = await registration.getNotifications();
                if (list.length) return list.map(n => ({ title: n.title, body: n.body, tag: n.tag, service: n.data.service }));
                await new Promise(r => setTimeout(r, 50));
              }
              return [];
            }
            """);
        var notification = Assert.Single(shown.EnumerateArray());
        Assert.Equal("Callback confirmed", notification.GetProperty("title").GetString());
        Assert.Equal(sent["body"]!.GetValue<string>(), notification.GetProperty("body").GetString());
        Assert.StartsWith("We'll call you", notification.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(sent["tag"]!.GetValue<string>(), notification.GetProperty("tag").GetString());
        Assert.Equal("support", notification.GetProperty("service").GetString());
    }
}
