using System.Net;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.PublicApi;

[Collection(PortalCollection.Name)]
public sealed class OpenApiTests(SharedPortal portal)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryConsumerEndpoint()
    {
        using var client = portal.Host.NewClient();

        var document = await ApiServices.JsonAsync(await client.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/services/{service}/status", "/api/v1/services/{service}/availability", "/api/v1/services/{service}/form",
            "/api/v1/captcha/challenge", "/api/v1/services/{service}/callbacks", "/api/v1/callbacks/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
        }
        var callback = paths.GetProperty("/api/v1/callbacks/{id}");
        Assert.True(callback.TryGetProperty("get", out _) && callback.TryGetProperty("patch", out _) && callback.TryGetProperty("delete", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/telephony", StringComparison.Ordinal) || p.Name.StartsWith("/Account", StringComparison.Ordinal));
        Assert.Equal("CallbackPortal public API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheInteractiveReferenceIsServedWithItsScriptFromTheAppItself()
    {
        using var client = portal.Host.NewClient();

        var page = await client.GetAsync("/api-reference/");
        var html = await page.Content.ReadAsStringAsync();
        var script = await client.GetAsync("/api-reference/scalar.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", html);
        Assert.DoesNotContain("cdn.", html);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }
}
