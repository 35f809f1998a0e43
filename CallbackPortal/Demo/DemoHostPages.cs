using System.Collections.Frozen;
using System.Text;
using CallbackPortal.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Demo;

/// <summary>
/// Demo mode's shop site: a second web server on <c>localhost:Demo:HostPagePort</c>, so a second origin, serving the pages
/// of <c>Demo/HostPages/</c> that embed the widget the way a customer's site would. Because it is another origin, every
/// API call the widget makes from it goes through CORS for real. <c>{{PORTAL}}</c> in a page becomes the portal's address.
/// It also serves <c>/callback-sw.js</c>, the one-line service worker a site adds for the widget's "notify me".
/// </summary>
public sealed class DemoHostPages(IOptions<DemoOptions> options, IServer portal, ILogger<DemoHostPages> logger) : IHostedService, IAsyncDisposable
{
    private const string ResourcePrefix = "CallbackPortal.Demo.HostPages.";
    public const string ServiceWorkerPath = "/callback-sw.js";

    private static readonly Lazy<FrozenDictionary<string, string>> Pages = new(LoadPages);

    private WebApplication? site;

    /// <summary>The origins the demo site is reached at, to allow on the demo services; none when the site is off.</summary>
    public static IReadOnlyList<string> OriginsFor(DemoOptions options) =>
        options is { Enabled: true, HostPagePort: > 0 and var port } ? [$"http://localhost:{port}", $"http://127.0.0.1:{port}"] : [];

    /// <summary>The page names the site serves: <c>/</c> is <c>index</c>, <c>/name</c> is <c>name.html</c>.</summary>
    public static IEnumerable<string> PageNames => Pages.Value.Keys;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (OriginsFor(options.Value).Count == 0)
        {
            return;
        }
        var port = options.Value.HostPagePort;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenLocalhost(port));
        site = builder.Build();
        site.Run(ServeAsync);
        try
        {
            await site.StartAsync(cancellationToken);
            logger.LogInformation("Demo mode: the demo shop site that embeds the widget is at http://localhost:{Port}/", port);
        }
        catch (IOException e)
        {
            // A taken port must not stop the portal: the demo site is an extra.
            logger.LogWarning("Demo mode: the demo shop site could not listen on port {Port} ({Reason}); set Demo:HostPagePort to a free port", port, e.Message);
            await site.DisposeAsync();
            site = null;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (site is not null)
        {
            await site.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (site is not null)
        {
            await site.DisposeAsync();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var name = context.Request.Path.Value?.Trim('/') is { Length: > 0 } path ? path : "index";
        if (name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^5];
        }
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (context.Request.Path.Equals(ServiceWorkerPath, StringComparison.OrdinalIgnoreCase))
        {
            response.ContentType = "text/javascript; charset=utf-8";
            await response.WriteAsync(Widget.WidgetScript.ServiceWorkerImport(PortalAddress(context)));
            return;
        }
        if (!Pages.Value.TryGetValue(name, out var page))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"No demo page '{name}'. Pages: {string.Join(", ", PageNames.Select(p => p == "index" ? "/" : "/" + p))}");
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(page.Replace("{{PORTAL}}", PortalAddress(context), StringComparison.Ordinal));
    }

    /// <summary>The portal's own address as the browser on this machine reaches it, on the host name the demo page was opened with.</summary>
    private string PortalAddress(HttpContext context)
    {
        var addresses = portal.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.Select(a => Uri.TryCreate(a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .FirstOrDefault();
        if (chosen is null)
        {
            return "http://localhost:5000";
        }
        // Use the host name the visitor used for the demo site (localhost or 127.0.0.1), so both origins line up.
        var host = chosen.IsLoopback || chosen.Host is "0.0.0.0" or "[::]" ? context.Request.Host.Host : chosen.Host;
        return new UriBuilder(chosen.Scheme, host, chosen.Port).Uri.GetLeftPart(UriPartial.Authority);
    }

    private static FrozenDictionary<string, string> LoadPages()
    {
        var assembly = typeof(DemoHostPages).Assembly;
        var pages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!, Encoding.UTF8);
            pages[resource[ResourcePrefix.Length..^".html".Length]] = reader.ReadToEnd();
        }
        return pages.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
