using System.Net;
using System.Text.RegularExpressions;
using CallbackPortal.Access;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Security;

/// <summary>
/// Portal pages carry a script-nonce policy and refuse to be framed; the API and the widget script stay usable from a
/// customer's site (CORS and Cross-Origin-Resource-Policy untouched) with a policy that only matters to documents.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class SecurityHeadersTests(SharedPortal portal)
{
    [Fact]
    public async Task TheLogInPageCannotBeFramedAndRunsOnlyScriptsCarryingItsNonce()
    {
        using var client = portal.Host.NewClient();
        var response = await client.GetAsync("/Account/Login");

        var nonce = AssertPortalHeaders(response);
        Assert.Contains($"type=\"importmap\" nonce=\"{nonce}\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/callbacks")]
    [InlineData("/hangfire")]
    [InlineData("/api-reference/")]
    [InlineData("/reports/summary.csv?from=2026-01-01&to=2026-01-31")]
    public async Task AnAdministratorsPagesTheJobDashboardTheApiReferenceAndDownloadsCarryThePortalPolicy(string path)
    {
        using var administrator = await portal.LoginAsAsync(Roles.Administrator);
        var response = await administrator.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertPortalHeaders(response);
    }

    [Fact]
    public async Task EachResponseHasItsOwnNonceAndTheApiReferenceScriptsCarryIt()
    {
        using var client = portal.Host.NewClient();
        var first = await client.GetAsync(PublicApiRegistration.ReferencePath + "/");
        var second = await client.GetAsync(PublicApiRegistration.ReferencePath + "/");

        var nonce = AssertPortalHeaders(first);
        Assert.NotEqual(nonce, AssertPortalHeaders(second));
        var scripts = ScriptTag().Matches(await first.Content.ReadAsStringAsync()).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
    }

    [Fact]
    public async Task AnApiAnswerStaysReadableFromAnAllowedOriginAndIsNeverADocument()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/services/{service.Key}/status");
        request.Headers.Add("Origin", "https://shop.example.com");
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        AssertMachineHeaders(response);
    }

    [Theory]
    [InlineData(global::CallbackPortal.Widget.WidgetScript.Path)]
    [InlineData(global::CallbackPortal.Widget.WidgetScript.ServiceWorkerPath)]
    public async Task TheWidgetScriptsStayLoadableFromAnySite(string path)
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://shop.example.com");
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        AssertMachineHeaders(response);
    }

    /// <summary>Asserts the portal's headers and returns the response's nonce.</summary>
    private static string AssertPortalHeaders(HttpResponseMessage response)
    {
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'" })
        {
            Assert.Contains(directive, policy);
        }
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        AssertEveryResponseHeaders(response);
        var nonce = Nonce().Match(policy);
        Assert.True(nonce.Success, policy);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        return nonce.Groups["value"].Value;
    }

    private static void AssertMachineHeaders(HttpResponseMessage response)
    {
        Assert.Equal(SecurityHeadersMiddleware.MachinePolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        AssertEveryResponseHeaders(response);
    }

    private static void AssertEveryResponseHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [GeneratedRegex("script-src 'self' 'nonce-(?<value>[A-Za-z0-9+/=_-]{16,})'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
