using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Security;

/// <summary>In Chromium, the portal works under its Content-Security-Policy and another site cannot show it in a frame.</summary>
[Collection(PortalCollection.Name)]
public sealed class HardeningInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    /// <summary>What the page's listener writes to the console for each violation (Chromium adds its own "Refused to ..." lines).</summary>
    private const string ViolationReport = """
        document.addEventListener('securitypolicyviolation', e =>
          console.error('Content Security Policy violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    private readonly Infrastructure.Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task PortalPagesTheJobDashboardAndTheApiReferenceRenderWithoutAPolicyViolation()
    {
        var page = await browser.NewPageAsync(portal.Host.BaseAddress, 1366, 768);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        await page.Context.AddInitScriptAsync(ViolationReport);

        await Infrastructure.Browser.LogInAsync(page, SharedPortal.EmailFor(Roles.Administrator), SharedPortal.Password);
        await page.GotoAsync("/callbacks");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Callbacks", Exact = true })).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "csp-callbacks");
        await page.GotoAsync("/live");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("last-hour-chart")).ToBeVisibleAsync();
        await page.GotoAsync("/hangfire");
        await Assertions.Expect(page.Locator("#realtimeGraph")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("span[data-metric='succeeded:count']")).Not.ToBeEmptyAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "csp-hangfire");
        // The reference's script is large: on a busy machine its load event can take longer than the default timeout.
        await page.GotoAsync("/api-reference/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CallbackPortal public API" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Infrastructure.Browser.ScreenshotAsync(page, "csp-api-reference");

        lock (violations)
        {
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }
    }

    [Fact]
    public async Task WithEveryCookieSecureSigningInOverPlainHttpToLocalhostStillWorks()
    {
        // The production default (no loopback exception), reached the way the README's run command is: http://localhost.
        await using var host = new PortalHost(settings: new Dictionary<string, string?> { ["Security:LoopbackHttpCookies"] = "false" });
        const string email = "secure-cookies@example.test";
        await host.CreateUserAsync(email, SharedPortal.Password, Roles.Supervisor);
        var page = await browser.NewPageAsync(new UriBuilder(host.BaseAddress) { Host = "localhost" }.Uri);

        await Infrastructure.Browser.LogInAsync(page, email, SharedPortal.Password);

        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "CallbackPortal.Auth");
        Assert.All(cookies, c => Assert.True(c.Secure && c.HttpOnly, c.Name));
        // The circuit ends before its host stops.
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnotherSiteCannotShowThePortalInAFrame()
    {
        var page = await browser.NewPageAsync(portal.Host.BaseAddress);
        var login = new Uri(portal.Host.BaseAddress, "/Account/Login");
        // A customer's or an attacker's site on another origin, served by the browser itself.
        await page.RouteAsync("http://framing.example.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<!DOCTYPE html><title>Framing</title><iframe id=\"portal\" src=\"{login}\" onload=\"document.title = 'framed'\"></iframe>",
        }));

        await page.GotoAsync("http://framing.example.test/");
        // The frame's load event fires for the error page that replaces a refused document as well.
        await page.WaitForFunctionAsync("document.title === 'framed'");

        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.Equal(0, await frame.Locator("input[name='Input.Email']").CountAsync());
        Assert.Equal(0, await page.FrameLocator("#portal").Locator("form").CountAsync());
    }
}
