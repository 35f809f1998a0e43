using System.Net;
using System.Text.Json;
using CallbackPortal.PublicApi;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.ScaleOut;

/// <summary>
/// The consumer API's per-address rate limit on two nodes: counted in the database, so an address gets the configured
/// permits in all, not that many on each node.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class RateLimitAcrossNodesTests
{
    private const int Permits = 10;

    [Fact]
    public async Task RequestsAlternatingBetweenTwoNodesGetThePermitsOnceNotOncePerNode()
    {
        await using var cluster = await ScaleOutCluster.CreateAsync(new ScaleOutSettings
        {
            Environment = new Dictionary<string, string>
            {
                ["PublicApi__RateLimitPermits"] = $"{Permits}",
                ["PublicApi__RateLimitWindowSeconds"] = "3600",
            },
        });
        var nodes = await cluster.StartNodesAsync(2);
        await cluster.SeedAsync(agents: 0);

        var answers = new List<(int Node, HttpStatusCode Status, string Body, TimeSpan? RetryAfter)>();
        for (var i = 0; i < 3 * Permits; i++)
        {
            var node = nodes[i % 2];
            using var response = await node.Http.GetAsync($"/api/v1/services/{ScaleOutCluster.ServiceKey}/status");
            answers.Add((i % 2, response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta));
        }

        Assert.Equal(Permits, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.All(answers.Take(Permits), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var refused = answers.Skip(Permits).ToList();
        Assert.All(refused, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            using var problem = JsonDocument.Parse(a.Body);
            Assert.Equal("too-many-requests", problem.RootElement.GetProperty("code").GetString());
            Assert.True(a.RetryAfter > TimeSpan.Zero, "a refusal says when to come back");
        });
        Assert.Equal(2, refused.Select(a => a.Node).Distinct().Count());

        // Refused requests were taken back out: the window holds exactly the permits that were used.
        await using var db = cluster.Db();
        Assert.Equal(Permits, await db.Set<RateLimitCounter>().SumAsync(c => c.Count));
        Assert.Empty(nodes[0].ErrorLines);
        Assert.Empty(nodes[1].ErrorLines);
    }
}
