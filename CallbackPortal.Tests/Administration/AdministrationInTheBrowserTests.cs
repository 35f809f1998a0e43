using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Administration;

/// <summary>The API keys, users and permissions pages in Chromium at 1366×768, as an administrator uses them.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class AdministrationInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AnAdministratorMakesAKeyCopiesItWhileItIsShownAndAnAcdUsesIt()
    {
        var agent = new Agent { Id = Guid.NewGuid(), Name = "Browser ACD agent", Phone = "sip:browser-acd@agents.test" };
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.Agents.Add(agent);
            await db.SaveChangesAsync();
        }
        var page = await LoggedInAdministratorAsync();
        var name = "ACD " + Guid.NewGuid().ToString("N")[..6];

        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.Locator("input[data-testid=key-name], [data-testid=key-name] input").First.FillAsync(name);
        await page.Locator("[data-testid=scope-presence] input, input[data-testid=scope-presence]").First.CheckAsync();
        await page.GetByTestId("create-key").ClickAsync();
        var key = (await page.GetByTestId("new-key").TextContentAsync())!.Trim();
        await page.GetByTestId("copy-key").ClickAsync();
        await Assertions.Expect(page.GetByTestId("copy-note")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Browser.ScreenshotAsync(page, "api-keys-created");

        using var acd = new HttpClient { BaseAddress = portal.Host.BaseAddress };
        using var report = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agents/{agent.Id}/presence")
        {
            Content = new StringContent("""{ "presence": "NotReady" }""", Encoding.UTF8, "application/json"),
        };
        report.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await acd.SendAsync(report)).StatusCode);

        await page.ReloadAsync();
        await Browser.WaitForCircuitAsync(page);
        var row = page.Locator("[data-testid=keys] tbody tr", new() { HasText = name });
        await Assertions.Expect(row.Locator("td[data-label='Last used']")).Not.ToHaveTextAsync("never");
        Assert.DoesNotContain(key, await page.ContentAsync());
        await Browser.ScreenshotAsync(page, "api-keys-list");
    }

    [Fact]
    public async Task AnAdministratorCreatesAUserForOneServiceDisablesThemAndGrantsARolePermission()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = "Browser line");
        var email = $"browser-{Guid.NewGuid().ToString("N")[..8]}@example.test";
        var page = await LoggedInAdministratorAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByTestId("new-user").ClickAsync();
        await page.Locator("input[data-testid=user-email], [data-testid=user-email] input").First.FillAsync(email);
        await page.Locator("input[data-testid=user-name], [data-testid=user-name] input").First.FillAsync("Brow Ser");
        await page.Locator("input[data-testid=user-password], [data-testid=user-password] input").First.FillAsync("short");
        await page.Locator("[data-testid=role-Supervisor] input, input[data-testid=role-Supervisor]").First.CheckAsync();
        await page.GetByText("Only these services").ClickAsync();
        await page.GetByLabel("Browser line").First.CheckAsync();
        await page.GetByTestId("save-user").ClickAsync();
        await Assertions.Expect(page.GetByText("at least 12 characters", new() { Exact = false }).First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "user-new-invalid");
        await page.Locator("input[data-testid=user-password], [data-testid=user-password] input").First.FillAsync("a-long-enough-password");
        await page.GetByTestId("save-user").ClickAsync();
        await page.WaitForURLAsync(UserPage());

        await page.GetByTestId("disable-user").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("account-status")).ToHaveTextAsync("Disabled");
        await Browser.ScreenshotAsync(page, "user-edit");
        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=users] tbody tr", new() { HasText = email })).ToContainTextAsync("Disabled");
        await Browser.ScreenshotAsync(page, "users");

        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            Assert.Equal([service.Id], user.ServiceLimit);
            Assert.True(user.IsDisabled);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Roles and permissions" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("matrix")).ToContainTextAsync("Manage API keys");
        await Browser.ScreenshotAsync(page, "permissions");
    }

    [Fact]
    public async Task AnOpenPageOfAUserWhoIsDisabledGoesToTheLogInPageWithinSeconds()
    {
        var email = $"open-page-{Guid.NewGuid().ToString("N")[..8]}@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, Roles.Monitor);
        var page = await LoggedInAsync(email);
        string userId;
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        }

        var disabled = await portal.Host.Services.GetRequiredService<UserAdministration>()
            .SetDisabledAsync(new PortalActor(null, "tests", ServiceScope.Everything), userId, true, CancellationToken.None);

        Assert.True(disabled.Succeeded);
        // The circuit checks its user every UserSessions.CircuitRevalidationInterval; no new request is made by the test.
        await page.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = (float)(3 * UserSessions.CircuitRevalidationInterval).TotalMilliseconds });
    }

    private Task<IPage> LoggedInAdministratorAsync() => LoggedInAsync(SharedPortal.EmailFor(Roles.Administrator));

    private Task<IPage> LoggedInAsync(string email) =>
        BrowserSession.LoggedInAsync(browser, portal, email, new BrowserNewContextOptions { Permissions = ["clipboard-read", "clipboard-write"] });

    [GeneratedRegex("/administration/users/[0-9a-f-]{36}$")]
    private static partial Regex UserPage();
}
