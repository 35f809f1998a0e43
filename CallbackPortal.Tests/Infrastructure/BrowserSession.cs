using Microsoft.Playwright;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>A browser page signed in to the shared portal, at a laptop's screen size unless told otherwise.</summary>
public static class BrowserSession
{
    /// <summary>Signed in as the shared portal's user of <paramref name="role"/>.</summary>
    public static Task<IPage> LoggedInAsync(Browser browser, SharedPortal portal, string role, int width = 1366, int height = 768) =>
        LoggedInAsync(browser, portal, SharedPortal.EmailFor(role), new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } });

    /// <summary>Signed in as <paramref name="email"/> (with the shared password), in a browser context with <paramref name="options"/>.</summary>
    public static async Task<IPage> LoggedInAsync(Browser browser, SharedPortal portal, string email, BrowserNewContextOptions options)
    {
        options.BaseURL = portal.Host.BaseAddress.ToString();
        options.ViewportSize ??= new() { Width = 1366, Height = 768 };
        var context = await browser.Instance.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await Browser.LogInAsync(page, email, SharedPortal.Password);
        return page;
    }
}
