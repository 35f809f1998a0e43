using System.Net;
using System.Net.Sockets;
using CallbackPortal.Demo;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.WidgetHosting;

/// <summary>Demo mode's shop site: a second origin that embeds the widget, allowed on the demo services.</summary>
public sealed class DemoHostPagesTests
{
    [Fact]
    public async Task Demo_mode_serves_the_shop_site_on_a_second_origin_pointing_at_the_portal_and_allows_it_on_the_demo_services()
    {
        var port = FreePort();
        await using var host = new PortalHost(settings: new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:HostPagePort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Demo:RequestIntervalSeconds"] = "3600",
            ["Demo:History"] = "false",
        });
        using var site = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };

        var index = await site.GetStringAsync("/");
        using var missing = await site.GetAsync("/no-such-page");
        using var post = await site.PostAsync("/", new StringContent(""));

        var portalOnLocalhost = $"http://localhost:{host.BaseAddress.Port}";
        Assert.Contains($"src=\"{portalOnLocalhost}/widget/v1/callback.js\"", index, StringComparison.Ordinal);
        Assert.DoesNotContain("{{PORTAL}}", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("index", DemoHostPages.PageNames);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(host);
            var services = await db.CallbackServices.AsNoTracking().Where(s => s.Key == "support" || s.Key == "sales").ToListAsync();
            return services.Count == 2 && services.All(s => s.AllowedOrigins.Contains($"http://localhost:{port}") && s.AllowedOrigins.Contains($"http://127.0.0.1:{port}"));
        }));
        await using (var db = await ApiServices.DbAsync(host))
        {
            Assert.False(await db.SystemFlags.AnyAsync(f => f.Key == DemoHistory.DoneFlag), "Demo:History=false writes no past callbacks");
        }
    }

    [Fact]
    public void Without_demo_mode_or_with_port_zero_there_is_no_site_to_allow()
    {
        Assert.Empty(DemoHostPages.OriginsFor(new CallbackPortal.Hosting.DemoOptions { Enabled = false }));
        Assert.Empty(DemoHostPages.OriginsFor(new CallbackPortal.Hosting.DemoOptions { Enabled = true, HostPagePort = 0 }));
        Assert.Equal(["http://localhost:5001", "http://127.0.0.1:5001"], DemoHostPages.OriginsFor(new CallbackPortal.Hosting.DemoOptions { Enabled = true }));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
