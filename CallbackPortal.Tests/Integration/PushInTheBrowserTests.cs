using CallbackPortal.Access;
using CallbackPortal.Push;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Integration;

/// <summary>The push page in Chromium: a callback admin generates a service's VAPID keys, turns Web Push on, tests and saves.</summary>
[Collection(PortalCollection.Name)]
public sealed class PushInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task ACallbackAdminGeneratesKeysTurnsWebPushOnAndTheKeysTestValid()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Push page " + s.Key);
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.CallbackAdmin);

        await page.GetByRole(AriaRole.Link, new() { Name = "Push notifications" }).ClickAsync();
        await page.GetByTestId("push-service").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"Push page {service.Key} ({service.Key})" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("push-service")).ToContainTextAsync(service.Key);
        await page.GetByTestId("vapid-generate").ClickAsync();
        await Assertions.Expect(page.GetByText("New keys: not saved yet.")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=vapid-subject]").FillAsync("mailto:push@example.com");
        await page.Locator("input[data-testid=webpush-enabled]").CheckAsync();
        await page.GetByTestId("webpush-test").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webpush-result")).ToContainTextAsync("Keys valid");
        await page.GetByTestId("push-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("push-saved")).ToBeVisibleAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, "push-notifications");

        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = (await db.CallbackServices.SingleAsync(s => s.Id == service.Id)).Push;
        Assert.True(stored.WebPushEnabled);
        Assert.Equal(stored.VapidPublicKey, await page.Locator("input[data-testid=vapid-public-key]").InputValueAsync());
        Assert.True(VapidKeys.IsPublicKey(stored.VapidPublicKey));
        Assert.DoesNotContain(stored.VapidPrivateKeyProtected!, await page.ContentAsync());
    }
}
