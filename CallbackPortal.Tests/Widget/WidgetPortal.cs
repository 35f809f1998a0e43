using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CallbackPortal.Callbacks;
using CallbackPortal.PublicApi;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>The widget test classes run one after another: each starts a portal in demo mode and a browser.</summary>
[CollectionDefinition(Name)]
public sealed class WidgetCollection
{
    public const string Name = "Widget";
}

/// <summary>
/// A portal in demo mode (services support and sales) with its host-page server on a second origin, and a browser:
/// the widget is met the way a customer's site embeds it, across origins.
/// </summary>
public sealed class WidgetPortal : IAsyncLifetime
{
    private readonly Browser browser = new();

    public PortalHost Host { get; private set; } = default!;

    /// <summary>The demo host pages' origin (another port than the portal: CORS applies).</summary>
    public Uri Pages { get; private set; } = default!;

    /// <summary>Stands in for Turnstile's siteverify API: the token "human-token" passes.</summary>
    private TwilioStandIn siteVerify = default!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        siteVerify = await TwilioStandIn.StartAsync();
        siteVerify.Respond = (request, context) => TwilioStandIn.Json(context, 200,
            request.Field("response") == "human-token" ? """{"success":true}""" : """{"success":false,"error-codes":["invalid-input-response"]}""");
        Host = new PortalHost(settings: new Dictionary<string, string?>
        {
            ["Captcha:TurnstileVerifyUrl"] = $"{siteVerify.BaseUrl}/siteverify",
            ["Demo:Enabled"] = "true",
            ["Demo:HostPagePort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Demo:RequestIntervalSeconds"] = "3600",
            ["Demo:History"] = "false",
            ["PublicApi:RateLimitPermits"] = "100000",
        });
        Pages = new Uri($"http://localhost:{port}/");
        await browser.InitializeAsync();
        Assert.True(await ApiServices.EventuallyAsync(async () => (await SupportAsync())?.AllowedOrigins.Count > 0), "the demo services were not seeded");
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await Host.DisposeAsync();
        await siteVerify.DisposeAsync();
    }

    public Task<IPage> NewPageAsync(int width = 1280, int height = 800) => browser.NewPageAsync(Pages, width, height);

    /// <summary>Opens a host page and the widget's form from the page's own "Call me back" button.</summary>
    public async Task<IPage> OpenFormAsync(string path = "/", int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync(path);
        await page.Locator("#call-me-back").ClickAsync();
        await page.Locator("input[type=tel]").WaitForAsync();
        return page;
    }

    /// <summary>Whether the portal asked the (stand-in) Turnstile siteverify API about this token with this secret.</summary>
    public bool SiteVerifyWasAsked(string token, string secret) =>
        siteVerify.Requests.Any(r => r.Field("response") == token && r.Field("secret") == secret);

    public async Task<CallbackService?> SupportAsync()
    {
        await using var db = await ApiServices.DbAsync(Host);
        return await db.CallbackServices.AsNoTracking().SingleOrDefaultAsync(s => s.Key == "support");
    }

    /// <summary>Changes the demo service "support" in the database (and drops the cached CORS origins).</summary>
    public async Task ChangeSupportAsync(Action<CallbackService> change)
    {
        await using (var db = await ApiServices.DbAsync(Host))
        {
            var support = await db.CallbackServices.SingleAsync(s => s.Key == "support");
            change(support);
            await db.SaveChangesAsync();
        }
        Host.Services.GetRequiredService<ServiceCors>().Forget("support");
    }

    public async Task<List<Callback>> CallbacksToAsync(string phoneNumber)
    {
        await using var db = await ApiServices.DbAsync(Host);
        return await db.Callbacks.AsNoTracking().Where(c => c.PhoneNumber == phoneNumber).ToListAsync();
    }

    /// <summary>Waits until exactly one callback to the number is stored and returns it.</summary>
    public async Task<Callback> OneCallbackToAsync(string phoneNumber)
    {
        Assert.True(await ApiServices.EventuallyAsync(async () => (await CallbacksToAsync(phoneNumber)).Count > 0), $"no callback to {phoneNumber}");
        return Assert.Single(await CallbacksToAsync(phoneNumber));
    }

    /// <summary>Saves what the visitor sees (the viewport: the widget is fixed to it) under screenshots/widget-*.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"widget-{name}.png") });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
