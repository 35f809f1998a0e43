using System.Text.RegularExpressions;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>What a person does in Chromium: first run, log in, find their way around, log out.</summary>
[Collection(PortalCollection.Name)]
public sealed class ShellTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task FirstRunThenLogInSeeTheShellAndLogOut()
    {
        await using var fresh = new PortalHost();
        var page = await browser.NewPageAsync(fresh.BaseAddress);

        await page.GotoAsync("/");
        await page.WaitForURLAsync(new Regex("/setup$"));
        await Browser.ScreenshotAsync(page, "first-run");
        await page.FillAsync("#Input\\.DisplayName", "Grace Hopper");
        await page.FillAsync("#Input\\.Email", "grace@example.test");
        await page.FillAsync("#Input\\.Password", "first-administrator-pw");
        await page.FillAsync("#Input\\.ConfirmPassword", "first-administrator-pw");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync(new Regex("/$"));
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to CallbackPortal" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav-diagnostics")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("setup-checklist")).ToContainTextAsync("two-factor");
        await Browser.ScreenshotAsync(page, "home-administrator");

        await page.GetByTestId("logout").ClickAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync(new Regex("/Account/Login"));

        await page.FillAsync("#Input\\.Email", "grace@example.test");
        await page.FillAsync("#Input\\.Password", "first-administrator-pw");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/$"));
        await Browser.WaitForCircuitAsync(page);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Background jobs" })).ToBeVisibleAsync();

        var setupAgain = await page.GotoAsync("/setup");
        await Browser.ScreenshotAsync(page, "setup-gone");
        Assert.Equal(404, setupAgain!.Status);
        await Assertions.Expect(page.GetByText("Not found").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AMonitorSeesNoAdministrationAndIsRefusedItsUrls()
    {
        var page = await browser.NewPageAsync(portal.Host.BaseAddress);
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", SharedPortal.EmailFor(Roles.Monitor));
        await page.FillAsync("#Input\\.Password", SharedPortal.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/$"));
        await Browser.WaitForCircuitAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to CallbackPortal" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav-diagnostics")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("nav-administration")).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/hangfire");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByTestId("status-notice")).ToContainTextAsync("Access denied");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.GetByTestId("status-notice")).ToContainTextAsync("Access denied");
        await Browser.ScreenshotAsync(page, "monitor-forbidden");
    }
}
