using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace CallbackPortal.Widget;

/// <summary>
/// The embeddable widget script, <c>/widget/v1/callback.js</c>: the file <c>Widget/Script/callback.js</c> compiled into the
/// app, served with an ETag, a cache lifetime, and pre-compressed brotli and gzip bodies. Any site may load it (the API
/// calls it makes are what CORS decides, per service). Its push service worker, <c>/widget/v1/callback-sw.js</c>, is
/// served the same way; a host site's own one-line worker imports it (a service worker must be same-origin with the page).
/// </summary>
public sealed class WidgetScript
{
    public const string Path = "/widget/v1/callback.js";
    public const string ResourceName = "CallbackPortal.Widget.Script.callback.js";
    public const string ServiceWorkerPath = "/widget/v1/callback-sw.js";
    public const string ServiceWorkerResourceName = "CallbackPortal.Widget.Script.callback-sw.js";

    /// <summary>How long browsers and CDNs may keep it before asking again (then revalidated by ETag).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    private WidgetScript(byte[] plain)
    {
        Plain = plain;
        Gzip = Compress(plain, s => new GZipStream(s, CompressionLevel.SmallestSize));
        Brotli = Compress(plain, s => new BrotliStream(s, CompressionLevel.SmallestSize));
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(plain))[..16]}\"";
    }

    public byte[] Plain { get; }

    public byte[] Gzip { get; }

    public byte[] Brotli { get; }

    public string ETag { get; }

    /// <summary>The one-line file a site serves at its own origin so that the widget's push service worker runs there.</summary>
    public static string ServiceWorkerImport(string portal) => $"importScripts('{portal}{ServiceWorkerPath}');\n";

    public static WidgetScript Load(string resourceName = ResourceName)
    {
        using var stream = typeof(WidgetScript).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The widget script resource {resourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new WidgetScript(copy.ToArray());
    }

    public static IEndpointRouteBuilder MapWidgetScript(IEndpointRouteBuilder app)
    {
        foreach (var (path, resourceName) in new[] { (Path, ResourceName), (ServiceWorkerPath, ServiceWorkerResourceName) })
        {
            var script = new Lazy<WidgetScript>(() => Load(resourceName));
            app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => script.Value.Write(context))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
        return app;
    }

    private Task Write(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}, stale-while-revalidate=86400";
        response.Headers.ETag = ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        response.Headers.XContentTypeOptions = "nosniff";
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == ETag || tag.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        var (body, encoding) = Choose(request.Headers.AcceptEncoding.ToString());
        response.ContentType = "text/javascript; charset=utf-8";
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    private (byte[] Body, string? Encoding) Choose(string acceptEncoding)
    {
        var accepted = StringWithQualityHeaderValue.TryParseList(acceptEncoding.Split(','), out var list) ? list : [];
        bool Accepts(string name) => accepted.Any(a => a.Value.Equals(name, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        return Accepts("br") ? (Brotli, "br") : Accepts("gzip") ? (Gzip, "gzip") : (Plain, null);
    }

    private static byte[] Compress(byte[] plain, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            compressing.Write(plain);
        }
        return output.ToArray();
    }
}
