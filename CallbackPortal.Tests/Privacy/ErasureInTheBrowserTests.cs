using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.ClickToCall;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PhoneNumbers;

namespace CallbackPortal.Tests.Privacy;

/// <summary>The erasure page in Chromium as an administrator uses it, and the same erasure through the API with a privacy key.</summary>
[Collection(PortalCollection.Name)]
public sealed class ErasureInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AnAdministratorSeesWhatTheNumberHoldsConfirmsAndErasesIt()
    {
        var number = ConsumerNumbers.Varied("GB", PhoneNumberType.MOBILE, 913);
        var id = await CreateCallbackAsync(number);
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "Erase personal data" }).ClickAsync();
        await Browser.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=erasure-number] input, input[data-testid=erasure-number]").First.FillAsync("not a number");
        await page.GetByTestId("erasure-find").ClickAsync();
        await Assertions.Expect(page.GetByTestId("erasure-message")).ToContainTextAsync("That is not a phone number");
        await page.Locator("[data-testid=erasure-number] input, input[data-testid=erasure-number]").First.FillAsync(number);
        await page.GetByTestId("erasure-find").ClickAsync();
        await Assertions.Expect(page.GetByTestId("erasure-preview")).ToContainTextAsync(number);
        await Assertions.Expect(page.GetByTestId("erasure-count").First).ToContainTextAsync("1");
        await Assertions.Expect(page.GetByTestId("erasure-erase")).ToBeDisabledAsync();
        await page.Locator("[data-testid=erasure-confirm] input, input[data-testid=erasure-confirm]").First.CheckAsync();
        await Browser.ScreenshotAsync(page, "erasure-preview");
        await page.GetByTestId("erasure-erase").ClickAsync();

        await Assertions.Expect(page.GetByTestId("erasure-done")).ToContainTextAsync(PhoneMasking.Mask(number));
        await Browser.ScreenshotAsync(page, "erasure-done");
        Assert.DoesNotContain(number, await page.GetByTestId("erasure-done").TextContentAsync() ?? "", StringComparison.Ordinal);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var callback = await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal((Callback.ErasedMarker, null, CallbackState.Completed), (callback.PhoneNumber, callback.FirstName, callback.State));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Area == CallbackPortal.Audit.AuditAreas.Privacy && e.UserName == SharedPortal.EmailFor(Roles.Administrator)));
    }

    [Fact]
    public async Task AnIntegrationErasesThroughTheApiWithAPrivacyKeyOnly()
    {
        var number = ConsumerNumbers.Varied("GB", PhoneNumberType.MOBILE, 914);
        var id = await CreateCallbackAsync(number);
        using var http = new HttpClient { BaseAddress = portal.Host.BaseAddress };
        var wrongKey = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.Presence);
        var key = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.Privacy);

        var withoutScope = await EraseAsync(http, wrongKey, new { phoneNumber = number });
        var invalid = await EraseAsync(http, key, new { phoneNumber = "12" });
        var dryRun = await ApiServices.JsonAsync(await EraseAsync(http, key, new { phoneNumber = number, dryRun = true }));
        var erased = await EraseAsync(http, key, new { phoneNumber = number });

        Assert.Equal(HttpStatusCode.Forbidden, withoutScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid-phone-number", await ApiServices.CodeAsync(invalid));
        Assert.False(dryRun.GetProperty("erased").GetBoolean());
        Assert.Equal(1, dryRun.GetProperty("counts").GetProperty("callbacks").GetInt32());
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var body = await erased.Content.ReadAsStringAsync();
        Assert.DoesNotContain(number, body, StringComparison.Ordinal);
        Assert.Equal(1, (await ApiServices.JsonAsync(erased)).GetProperty("counts").GetProperty("cancelledFirst").GetInt32());
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(Callback.ErasedMarker, (await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == id)).PhoneNumber);
        Assert.StartsWith("API key ", (await db.AuditEntries.OrderBy(e => e.Id).LastAsync(e => e.Area == CallbackPortal.Audit.AuditAreas.Privacy)).UserName, StringComparison.Ordinal);
    }

    private async Task<Guid> CreateCallbackAsync(string number)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var http = new HttpClient { BaseAddress = portal.Host.BaseAddress };
        var created = await ApiServices.CreateCallbackAsync(http, service.Key, new { phoneNumber = number, firstName = "Grace", lastName = "Hopper", email = "grace@example.test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await ApiServices.JsonAsync(created)).GetProperty("id").GetGuid();
    }

    private static async Task<HttpResponseMessage> EraseAsync(HttpClient http, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/privacy/erasure")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }
}
