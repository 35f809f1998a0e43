using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Security;

/// <summary>
/// Strict-Transport-Security outside Development, on HTTPS requests only. The requests come through a proxy on loopback
/// (trusted by default) that says it took them over HTTPS, for a public host name (ASP.NET never sends HSTS for localhost).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class HstsTests
{
    [Fact]
    public async Task ProductionTellsBrowsersToUseHttpsOnlyOnAnHttpsRequest()
    {
        await using var host = new PortalHost(environment: "Production");
        using var client = host.NewClient();

        var overHttps = await client.Http.SendAsync(Request(forwardedProto: "https"));
        var overHttp = await client.Http.SendAsync(Request(forwardedProto: null));

        Assert.Contains("max-age=", overHttps.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task DevelopmentNeverSendsHsts()
    {
        await using var host = new PortalHost(environment: "Development");
        using var client = host.NewClient();

        var overHttps = await client.Http.SendAsync(Request(forwardedProto: "https"));

        Assert.False(overHttps.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("frame-ancestors 'none'", overHttps.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static HttpRequestMessage Request(string? forwardedProto)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = "portal.example.test";
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        return request;
    }
}
