using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Telephony;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>The public API as a browser meets it: a shop's page on another origin calling it (CORS), and the API reference.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AShopPageOnAnAllowedOriginCreatesACallbackAndAnotherOriginIsBlockedByTheBrowser()
    {
        await using var shop = await TwilioStandIn.StartAsync();
        shop.Respond = (_, context) =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<!doctype html><title>Shop</title><p>Shop</p>");
        };
        var shopOrigin = new Uri(shop.BaseUrl).GetLeftPart(UriPartial.Authority);
        var allowed = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = [shopOrigin]);
        var other = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://elsewhere.example.com"]);
        var page = await browser.NewPageAsync(new Uri(shop.BaseUrl));
        await page.GotoAsync("/");

        var fromAllowed = await CreateFromPageAsync(page, allowed.Key);
        var fromOther = await CreateFromPageAsync(page, other.Key);

        Assert.StartsWith("201 /api/v1/callbacks/", fromAllowed);
        Assert.Equal("blocked", fromOther);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await db.Callbacks.CountAsync(c => c.ServiceId == allowed.Id));
        Assert.Equal(0, await db.Callbacks.CountAsync(c => c.ServiceId == other.Id));
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var check = await ApiServices.DbAsync(portal.Host);
            return await check.CorsRejections.AnyAsync(r => r.Service == other.Key && r.Origin == shopOrigin);
        }));
    }

    [Fact]
    public async Task TheApiReferenceRendersFromTheAppAlone()
    {
        var page = await browser.NewPageAsync(portal.Host.BaseAddress);
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(portal.Host.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };

        await page.GotoAsync("/api-reference/");
        await page.GetByText("CallbackPortal public API").First.WaitForAsync();
        await page.GetByText("/api/v1/services/{service}/callbacks").First.WaitForAsync();
        await Browser.ScreenshotAsync(page, "api-reference");

        Assert.Empty(outside);
    }

    [Fact]
    public async Task ACallbackAdminAllowsTheShopsOriginOnTheCorsDomainsPage()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "CORS page " + s.Key);
        var page = await LoggedInCallbackAdminAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "CORS domains" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CORS domains" })).ToBeVisibleAsync();
        await page.GetByTestId("cors-service").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"CORS page {service.Key} ({service.Key})" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cors-service")).ToContainTextAsync(service.Key);
        await Assertions.Expect(page.GetByTestId("no-origins")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=new-origin], [data-testid=new-origin] input").First.FillAsync("https://shop.example.com");
        await page.GetByTestId("add-origin").ClickAsync();
        await Assertions.Expect(page.GetByTestId("origin")).ToHaveTextAsync("https://shop.example.com");
        await Browser.ScreenshotAsync(page, "cors-domains");

        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(["https://shop.example.com"], (await db.CallbackServices.SingleAsync(s => s.Id == service.Id)).AllowedOrigins);
    }

    [Fact]
    public async Task ACallbackAdminSwitchesAServiceToReCaptchaAndTheSecretIsNeverShownAgain()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "CAPTCHA page " + s.Key);
        var page = await LoggedInCallbackAdminAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "CAPTCHA" }).ClickAsync();
        await page.GetByTestId("captcha-service").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"CAPTCHA page {service.Key} ({service.Key})" }).ClickAsync();
        await page.GetByTestId("captcha-provider").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "ReCaptchaV3" }).ClickAsync();
        await page.Locator("input[data-testid=captcha-site-key], [data-testid=captcha-site-key] input").First.FillAsync("site-key-abc");
        await page.Locator("input[data-testid=captcha-secret], [data-testid=captcha-secret] input").First.FillAsync("6LeSecretValue-9876");
        await page.GetByTestId("captcha-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("captcha-saved")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "captcha-settings");

        Assert.DoesNotContain("6LeSecretValue", await page.ContentAsync());
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = (await db.CallbackServices.SingleAsync(s => s.Id == service.Id)).Captcha;
        Assert.Equal(("site-key-abc", CallbackPortal.PublicApi.Captcha.CaptchaProvider.ReCaptchaV3), (stored.SiteKey, stored.Provider));
    }

    private Task<IPage> LoggedInCallbackAdminAsync() => BrowserSession.LoggedInAsync(browser, portal, CallbackPortal.Access.Roles.CallbackAdmin, 1280, 800);

    private async Task<string> CreateFromPageAsync(IPage page, string service) =>
        await page.EvaluateAsync<string>("""
            async ([api, service]) => {
              try {
                const r = await fetch(`${api}api/v1/services/${service}/callbacks`, {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
                  body: JSON.stringify({ phoneNumber: '+12025550143', firstName: 'Ada' }) });
                return `${r.status} ${r.headers.get('Location')}`;
              } catch (e) { return 'blocked'; }
            }
            """, new[] { portal.Host.BaseAddress.ToString(), service });
}
