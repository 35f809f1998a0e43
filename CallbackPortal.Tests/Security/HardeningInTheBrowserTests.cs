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
        await page.GotoAsync("/api-reference");
        await Assertions.Expect(page.GetByText("CallbackPortal public API").First).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "csp-api-reference");

        lock (violations)
        {
            Assert.Empty(violations);
        }
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
            Body = $"<!DOCTYPE html><title>Framing</title><iframe id=\"portal\" src=\"{login}\" width=\"800\" height=\"600\"></iframe>",
        }));

        var refused = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("frame-ancestors", StringComparison.Ordinal) });
        await page.GotoAsync("http://framing.example.test/");
        await refused;

        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.Equal(0, await frame.Locator("input[name='Input.Email']").CountAsync());
        Assert.Equal(0, await page.FrameLocator("#portal").Locator("form").CountAsync());
    }
}
