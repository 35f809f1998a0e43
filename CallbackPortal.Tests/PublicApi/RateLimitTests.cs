using System.Net;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.PublicApi;

[Collection(PortalCollection.Name)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task AClientPastItsRateGetsA429WithRetryAfterAndAStableCode()
    {
        await using var host = new PortalHost(settings: new Dictionary<string, string?>
        {
            ["PublicApi:RateLimitPermits"] = "5",
            ["PublicApi:RateLimitWindowSeconds"] = "60",
        });
        var service = await ApiServices.CreateAsync(host);
        using var client = host.NewClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 7; i++)
        {
            last = await client.GetAsync($"/api/v1/services/{service.Key}/status");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await ApiServices.JsonAsync(last);
        Assert.Equal(("too-many-requests", "rate-limit"), (problem.GetProperty("code").GetString(), problem.GetProperty("rule").GetString()));
        // The portal's own pages and health are not the consumer API and are not limited by it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
