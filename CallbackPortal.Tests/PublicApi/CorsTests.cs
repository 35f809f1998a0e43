using System.Net;
using System.Text;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.PublicApi;

[Collection(PortalCollection.Name)]
public sealed class CorsTests(SharedPortal portal)
{
    [Fact]
    public async Task AnAllowedOriginGetsCorsHeadersOnThePreflightAndTheRequest()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        using var client = portal.Host.NewClient();

        var preflight = await SendAsync(client, HttpMethod.Options, $"/api/v1/services/{service.Key}/callbacks", "https://shop.example.com", preflight: true);
        var create = await SendAsync(client, HttpMethod.Post, $"/api/v1/services/{service.Key}/callbacks", "https://shop.example.com",
            body: """{"phoneNumber":"+12025550143"}""");

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("https://shop.example.com", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("Idempotency-Key", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("https://shop.example.com", create.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Location", create.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task AForeignOriginGetsNoCorsHeadersAndIsRecorded()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        using var client = portal.Host.NewClient();

        var preflight = await SendAsync(client, HttpMethod.Options, $"/api/v1/services/{service.Key}/callbacks", "https://evil.example.net", preflight: true);
        var create = await SendAsync(client, HttpMethod.Post, $"/api/v1/services/{service.Key}/callbacks", "https://evil.example.net",
            body: """{"phoneNumber":"+12025550143"}""");

        foreach (var response in new[] { preflight, create })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.Equal("origin-not-allowed", await ApiServices.CodeAsync(response));
        }
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            return await db.CorsRejections.CountAsync(r => r.Service == service.Key && r.Origin == "https://evil.example.net") == 2;
        }));
        await using var check = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await check.Callbacks.CountAsync(c => c.ServiceId == service.Id));
        var rejection = await check.CorsRejections.FirstAsync(r => r.Service == service.Key && r.Method == "POST");
        Assert.Equal($"/api/v1/services/{service.Key}/callbacks", rejection.Path);
    }

    [Fact]
    public async Task AWildcardAllowsSubdomainsButNotTheBareDomainOrAnotherScheme()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://*.example.com"]);
        using var client = portal.Host.NewClient();
        var path = $"/api/v1/services/{service.Key}/status";

        var sub = await SendAsync(client, HttpMethod.Get, path, "https://www.example.com");
        var deep = await SendAsync(client, HttpMethod.Get, path, "https://a.b.example.com");
        var bare = await SendAsync(client, HttpMethod.Get, path, "https://example.com");
        var http = await SendAsync(client, HttpMethod.Get, path, "http://www.example.com");
        var lookalike = await SendAsync(client, HttpMethod.Get, path, "https://wwwexample.com");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { sub, deep, bare, http, lookalike }.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task ANewlyAllowedOriginWorksWithoutARestart()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var path = $"/api/v1/services/{service.Key}/status";
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, path, "https://new.example.org")).StatusCode);

        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var stored = await db.CallbackServices.SingleAsync(s => s.Id == service.Id);
            stored.AllowedOrigins = ["https://new.example.org"];
            await db.SaveChangesAsync();
        }

        Assert.True(await ApiServices.EventuallyAsync(async () =>
            (await SendAsync(client, HttpMethod.Get, path, "https://new.example.org")).StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task TheCallbackEndpointsFollowTheCallbacksOwnService()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        using var client = portal.Host.NewClient();
        var created = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" }));
        var path = $"/api/v1/callbacks/{created.GetProperty("id").GetGuid()}";

        var allowed = await SendAsync(client, HttpMethod.Options, path, "https://shop.example.com", preflight: true);
        var foreign = await SendAsync(client, HttpMethod.Options, path, "https://other.example.com", preflight: true);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        // Refused like an unknown id, so a foreign origin cannot tell which ids exist.
        Assert.Equal((HttpStatusCode.NotFound, "not-found"), (foreign.StatusCode, await ApiServices.CodeAsync(foreign)));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task APathInAnotherCaseOrAServiceInTheQueryCannotBorrowAnotherServicesOrigins()
    {
        var shop = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        var vip = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();

        var shouted = await SendAsync(client, HttpMethod.Post, $"/API/V1/services/{vip.Key}/callbacks?service={shop.Key}", "https://shop.example.com",
            body: """{"phoneNumber":"+12025550143"}""");

        Assert.Equal(HttpStatusCode.Forbidden, shouted.StatusCode);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.Callbacks.CountAsync(c => c.ServiceId == vip.Id));
    }

    [Theory]
    [InlineData("https://shop.example.com", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("https://*.example.com", true)]
    [InlineData("null", false)]
    [InlineData("*", false)]
    [InlineData("https://*", false)]
    [InlineData("https://shop.*.com", false)]
    [InlineData("https://shop.example.com/path", false)]
    [InlineData("ftp://shop.example.com", false)]
    [InlineData("shop.example.com", false)]
    public void OriginsAreValidatedBeforeTheyAreStored(string origin, bool valid) =>
        Assert.Equal(valid, CallbackPortal.PublicApi.AllowedOrigins.Problem(origin) is null);

    private static async Task<HttpResponseMessage> SendAsync(PortalClient client, HttpMethod method, string path, string origin, bool preflight = false, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (preflight)
        {
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type, idempotency-key");
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return await client.Http.SendAsync(request);
    }
}
