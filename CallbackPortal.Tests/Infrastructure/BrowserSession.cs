using Microsoft.Playwright;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>A browser page signed in to the shared portal as one of its role users, at a laptop's screen size.</summary>
public static class BrowserSession
{
    public static async Task<IPage> LoggedInAsync(Browser browser, SharedPortal portal, string role, int width = 1366, int height = 768)
    {
        var context = await browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.Host.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", SharedPortal.EmailFor(role));
        await page.FillAsync("#Input\\.Password", SharedPortal.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Browser.WaitForCircuitAsync(page);
        return page;
    }
}
