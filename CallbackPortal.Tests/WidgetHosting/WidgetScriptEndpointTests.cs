using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Widget;

namespace CallbackPortal.Tests.WidgetHosting;

/// <summary><c>/widget/v1/callback.js</c>: the compiled-in script, cacheable, compressed, loadable by any site.</summary>
[Collection(PortalCollection.Name)]
public sealed class WidgetScriptEndpointTests(SharedPortal portal)
{
    private HttpClient Http() => new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = portal.Host.BaseAddress };

    [Fact]
    public async Task The_script_is_served_anonymously_as_javascript_with_caching_headers_for_any_origin()
    {
        using var http = Http();
        using var response = await http.GetAsync(WidgetScript.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(WidgetScript.CacheFor, response.Headers.CacheControl?.MaxAge);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("CallbackWidget", text, StringComparison.Ordinal);
        Assert.Equal(WidgetScript.Load().Plain, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task A_compressed_body_is_chosen_from_Accept_Encoding_and_decompresses_to_the_script(string accept, string? expected)
    {
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, WidgetScript.Path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        await using var decoded = expected switch
        {
            "gzip" => (Stream)new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => new MemoryStream(body),
        };
        using var plain = new MemoryStream();
        await decoded.CopyToAsync(plain);
        Assert.Equal(WidgetScript.Load().Plain, plain.ToArray());
    }

    [Fact]
    public async Task A_browser_holding_the_current_version_gets_304_and_a_changed_etag_gets_the_script()
    {
        using var http = Http();
        using var first = await http.GetAsync(WidgetScript.Path);
        var etag = first.Headers.ETag!;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, WidgetScript.Path);
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(revalidate);
        using var stale = new HttpRequestMessage(HttpMethod.Get, WidgetScript.Path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000000000000000\""));
        using var changed = await http.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEmpty(await changed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_answers_the_headers_only_and_other_versions_are_not_found_without_a_login_redirect()
    {
        using var http = Http();
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, WidgetScript.Path));
        using var missing = await http.GetAsync("/widget/v2/callback.js");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(WidgetScript.Load().Plain.Length, head.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.Location);
    }

    [Fact]
    public async Task The_push_service_worker_is_served_the_same_way_for_a_host_site_to_import()
    {
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, WidgetScript.ServiceWorkerPath);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(WidgetScript.CacheFor, response.Headers.CacheControl?.MaxAge);
        var sw = WidgetScript.Load(WidgetScript.ServiceWorkerResourceName);
        Assert.Equal(sw.ETag, response.Headers.ETag?.Tag);
        Assert.NotEqual(WidgetScript.Load().ETag, sw.ETag);
        await using var decoded = new GZipStream(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress);
        using var reader = new StreamReader(decoded);
        var text = await reader.ReadToEndAsync();
        Assert.Contains("addEventListener('push'", text, StringComparison.Ordinal);
        Assert.Contains("addEventListener('notificationclick'", text, StringComparison.Ordinal);
    }
}
