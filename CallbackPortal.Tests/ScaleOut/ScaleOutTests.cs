using System.Diagnostics;
using System.Globalization;
using System.Net;
using CallbackPortal.Callbacks;
using CallbackPortal.Rules;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.ScaleOut;

/// <summary>Several nodes start app processes of their own and load the machine: never beside other tests, nor beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection
{
    public const string Name = "ScaleOut";
}

/// <summary>
/// Two real nodes (the built app, each its own process) on one PostgreSQL database, dialing through one shared carrier:
/// what ARCHITECTURE.md promises for scale-out (one dial per attempt, limits counted in the database, a dead node's
/// work taken over, a shared start-up) seen from the outside.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    /// <summary>How many callbacks the dialing test creates; the documented long run sets 5000.</summary>
    public const string CallbacksVariable = "CALLBACKPORTAL_SCALEOUT_CALLBACKS";

    private const int DefaultCallbacks = 60;

    public static int CallbackCount =>
        int.TryParse(Environment.GetEnvironmentVariable(CallbacksVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultCallbacks;

    [Fact]
    public async Task CallbacksCreatedOnBothNodesAreEachDialedExactlyOnceThroughTheSharedCarrier()
    {
        var count = CallbackCount;
        await using var cluster = await ScaleOutCluster.CreateAsync();
        await cluster.StartNodesAsync(2);
        await cluster.SeedAsync(agents: Math.Min(count, 1000));
        var watch = Stopwatch.StartNew();

        var ids = await cluster.CreateCallbacksAsync(count);
        var created = watch.Elapsed;
        var done = await cluster.AllCompletedAsync(count, TimeSpan.FromSeconds(Math.Max(120, count / 10)));

        var report = await cluster.DialReportAsync(ids);
        output.WriteLine($"{count} callbacks: created in {created.TotalSeconds:F1} s, all completed {watch.Elapsed.TotalSeconds:F1} s after the first create; {report}");
        Assert.True(done, $"not every callback completed in time: {report}\n{cluster.Logs()}");
        Assert.True(report.AllDialedExactlyOnce, report.ToString());
        Assert.Equal(count, report.Completed);
        Assert.All(cluster.Carrier.Ledger.CallsPlacedPerKey.Values, n => Assert.Equal(1, n));
        Assert.All(cluster.Nodes, n => Assert.Empty(n.ErrorLines));
    }

    [Fact]
    public async Task APerNumberThrottleOfSixHoldsWhenRequestsAlternateBetweenTheNodes()
    {
        await using var cluster = await ScaleOutCluster.CreateAsync();
        await cluster.StartNodesAsync(2);
        // No agents: the accepted callbacks stay queued, so nothing but the throttle decides.
        var service = await cluster.SeedAsync(agents: 0, s => s.Rules.NumberThrottle = new ThrottleLimit { Limit = 6, WindowSeconds = 86_400 });
        const string number = "+12025550143";

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => cluster.CreateCallbackAsync(i, number)));

        Assert.Equal(6, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        foreach (var response in refused)
        {
            var problem = await ApiServices.JsonAsync(response);
            Assert.Equal(("too-many-requests", "number-throttle"), (problem.GetProperty("code").GetString(), problem.GetProperty("rule").GetString()));
        }
        // Both nodes accepted some and refused some: the count is the database's, not a node's.
        var acceptedBy = responses.Select((r, i) => (r, Node: i % 2)).Where(x => x.r.StatusCode == HttpStatusCode.Created).Select(x => x.Node).Distinct().Count();
        var refusedBy = responses.Select((r, i) => (r, Node: i % 2)).Where(x => x.r.StatusCode != HttpStatusCode.Created).Select(x => x.Node).Distinct().Count();
        output.WriteLine($"accepted by {acceptedBy} node(s), refused by {refusedBy} node(s)");
        Assert.Equal(2, refusedBy);
        await using var db = cluster.Db();
        Assert.Equal(6, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task ANodeKilledMidDispatchLeavesNothingStuckAndNothingDialedTwice()
    {
        const int count = 80;
        // Few agents and calls that last a second: dispatch goes on for a while, so the kill lands in the middle of it.
        await using var cluster = await ScaleOutCluster.CreateAsync(new ScaleOutSettings { ClaimLeaseSeconds = 5, TalkSeconds = 1 });
        var nodes = await cluster.StartNodesAsync(2);
        await cluster.SeedAsync(agents: 20);
        var ids = await cluster.CreateCallbacksAsync(count);

        Assert.True(await ScaleOutCluster.EventuallyAsync(() => Task.FromResult(cluster.Carrier.Ledger.Calls.Count >= 20), TimeSpan.FromSeconds(60)),
            "dialing did not start: " + cluster.Logs());
        await cluster.KillAsync(nodes[0]);
        var atKill = cluster.Carrier.Ledger.Calls.Count;
        await using (var db = cluster.Db())
        {
            var routing = await db.Callbacks.CountAsync(c => c.State == CallbackState.Routing || c.State == CallbackState.Processing);
            var unsent = await db.DialAttempts.CountAsync(a => a.Stage == AttemptStage.Created);
            output.WriteLine($"killed {nodes[0]} with {atKill} of {count} dialed, {routing} claimed or in progress, {unsent} attempts not yet sent");
        }

        var done = await cluster.AllCompletedAsync(count, TimeSpan.FromSeconds(180));

        var report = await cluster.DialReportAsync(ids);
        output.WriteLine($"{report}; the balancer sent {cluster.Carrier.Retried} request(s) again to the surviving node, {cluster.Carrier.Unanswered} answered by no node");
        Assert.True(done, $"callbacks stuck after the kill: {report}\n{await StuckAsync(cluster)}\n{cluster.Logs()}");
        Assert.True(report.AllDialedExactlyOnce, report.ToString());
        await using (var db = cluster.Db())
        {
            Assert.Equal(0, await db.DialAttempts.CountAsync(a => a.Stage != AttemptStage.Finished));
        }
        // Agents whose wrap-up timer died with the node are Ready again a lease later, not when Hangfire gives the job back.
        Assert.True(await ScaleOutCluster.EventuallyAsync(async () =>
        {
            await using var db = cluster.Db();
            return await db.Agents.CountAsync(a => a.CurrentCallbackId != null) == 0;
        }, TimeSpan.FromSeconds(60)), "agents left busy: " + await StuckAsync(cluster));
        Assert.Empty(nodes[1].ErrorLines);
    }

    [Fact]
    public async Task TwoNodesStartingTogetherOnAnEmptyDatabaseMigrateOnceAndBothBecomeReady()
    {
        await using var cluster = await ScaleOutCluster.CreateAsync();

        var nodes = await cluster.StartNodesAsync(2);

        await using var db = cluster.Db();
        var expected = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(expected, applied);
        var migrators = nodes.Where(n => n.Process.StandardOutput.Contains("Applying", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{expected.Count} migration(s) applied by {string.Join(", ", migrators)}");
        Assert.Single(migrators);
        Assert.All(nodes, n => Assert.Empty(n.ErrorLines));
        Assert.All(nodes, n => Assert.True(string.IsNullOrWhiteSpace(n.Process.StandardError), n.Process.StandardError));
        foreach (var node in nodes)
        {
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/health/ready")).StatusCode);
        }
    }

    /// <summary>The callbacks not completed, each with its attempts as the database and the carrier see them, and the agents by presence.</summary>
    private static async Task<string> StuckAsync(ScaleOutCluster cluster)
    {
        await using var db = cluster.Db();
        var stuck = await db.Callbacks.AsNoTracking().Where(c => c.State != CallbackState.Completed)
            .Select(c => new
            {
                c.Id,
                c.State,
                c.ClaimExpiresAt,
                Attempts = c.Attempts.Select(a => new { a.Stage, a.CreatedAt, a.SentAt, a.AnsweredAt, a.ConnectedAt, a.Result, a.Detail, a.ProviderCallId }).ToList(),
            })
            .Take(10).ToListAsync();
        var agents = await db.Agents.AsNoTracking().GroupBy(a => a.Presence).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        string Carrier(string? sid) => sid is null ? "none" : cluster.Carrier.Ledger.Find(sid) is { } call ? $"{call.Status} ({call.Outcome})" : "unknown";
        return "not completed: " + string.Join("; ", stuck.Select(s => $"{s.Id} {s.State} claim until {s.ClaimExpiresAt:HH:mm:ss.fff} [" + string.Join(", ", s.Attempts.Select(a =>
                $"{a.Stage} created {a.CreatedAt:HH:mm:ss.fff} sent {a.SentAt:HH:mm:ss.fff} answered {a.AnsweredAt:HH:mm:ss.fff} connected {a.ConnectedAt:HH:mm:ss.fff}"
                + $" result {a.Result} '{a.Detail}' call {a.ProviderCallId}, carrier says {Carrier(a.ProviderCallId)}")) + "]"))
            + " | agents: " + string.Join(", ", agents.Select(a => $"{a.Key} {a.Count}"))
            + $" | balancer: {cluster.Carrier.Retried} request(s) sent again, {cluster.Carrier.Unanswered} answered by no node";
    }
}
