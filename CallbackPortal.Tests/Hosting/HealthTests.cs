using System.Net;
using System.Text.Json;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Hosting;

[Collection(PortalCollection.Name)]
public sealed class HealthTests(SharedPortal portal)
{
    [Fact]
    public async Task LiveAnswersAnonymously()
    {
        using var client = portal.Host.NewClient();
        var response = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadyReportsTheDatabaseAndTheJobServer()
    {
        using var client = portal.Host.NewClient();
        var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("The job server is running.", body.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("description").GetString());
    }

    [Fact]
    public async Task EveryResponseCarriesACorrelationId()
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add(CorrelationIdMiddleware.HeaderName, "test-correlation-42");
        var echoed = await client.Http.SendAsync(request);
        var fresh = await client.GetAsync("/health/live");

        Assert.Equal("test-correlation-42", echoed.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single());
        Assert.Matches("^[0-9a-f]{32}$", fresh.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single());
    }
}
