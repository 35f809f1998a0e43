using CallbackPortal.Access;
using CallbackPortal.Tests.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>
/// Every portal page, found by reflection, opened by an administrator in Chromium at 1366×768: it renders without the
/// error bar, nothing is cut off to the side, and a screenshot is kept (under screenshots/pages) for people to look at.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EveryPageTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    public static IEnumerable<RoutablePage> PortalPages =>
        RoutablePages.All.Where(p => !p.Anonymous && !p.Template.StartsWith("/Account", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task EveryPageRendersWithoutErrorsAndFitsTheScreenWidth()
    {
        await ApiServices.CreateAsync(portal.Host);
        var page = await browser.NewPageAsync(portal.Host.BaseAddress, 1366, 768);
        await Browser.LogInAsync(page, SharedPortal.EmailFor(Roles.Administrator), SharedPortal.Password);
        var failures = new List<string>();
        foreach (var target in PortalPages)
        {
            var response = await page.GotoAsync(target.SampleUrl);
            await Browser.WaitForCircuitAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            // The error bar (the circuit failed) or the boundary's message in the page (a component threw).
            var errorBar = await page.Locator("#blazor-error-ui").IsVisibleAsync() || await page.Locator("[data-testid=page-error]").IsVisibleAsync();
            await Browser.ScreenshotAsync(page, "pages/" + Name(target.Template));
            if (response?.Status != 200 || overflow > 0 || errorBar)
            {
                failures.Add($"{target.SampleUrl}: status {response?.Status}, {overflow}px wider than the screen, error bar {(errorBar ? "shown" : "hidden")}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    private static string Name(string template)
    {
        var name = new string([.. template.Trim('/').Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
        return name.Length == 0 ? "home" : name;
    }
}
