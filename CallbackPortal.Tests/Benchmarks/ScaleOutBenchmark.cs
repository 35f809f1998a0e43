using System.Diagnostics;
using System.Globalization;
using CallbackPortal.Tests.ScaleOut;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// One node, then two nodes, on one PostgreSQL database (each node the built app as its own process, all dialing through
/// one carrier simulator hosted here, see <see cref="ScaleOutCluster"/>): callbacks created through the public API
/// alternating between the nodes, dialed and completed; creates per second, dials per second, double dials.
/// </summary>
public static class ScaleOutBenchmark
{
    /// <summary><c>scaleout [callbacks] [parallel creates]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        var parallelism = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var one = await RunAsync(1, count, parallelism);
        var two = await RunAsync(2, count, parallelism);

        Console.WriteLine();
        Console.WriteLine($"| scale-out ({count:N0} callbacks, PostgreSQL, {Environment.ProcessorCount} cores, {parallelism} creates in flight) | creates/s | dispatched/s | all completed | double dials |");
        Console.WriteLine("|---|---|---|---|---|");
        Row("1 node", one);
        Row("2 nodes", two);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| ratio 2-node / 1-node | {two.CreatesPerSecond / one.CreatesPerSecond:F2} | {two.DispatchedPerSecond / one.DispatchedPerSecond:F2} | | |"));
        return one.DoubleDials + two.DoubleDials == 0 && one.Complete && two.Complete ? 0 : 1;
    }

    private static void Row(string name, Result r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.CreatesPerSecond:F0} | {r.DispatchedPerSecond:F0} | {(r.Complete ? $"{r.CompletedSeconds:F1} s" : "NO")} | {r.DoubleDials} |"));

    private static async Task<Result> RunAsync(int nodes, int count, int parallelism)
    {
        await using var cluster = await ScaleOutCluster.CreateAsync();
        await cluster.StartNodesAsync(nodes);
        await cluster.SeedAsync(agents: Math.Min(count, 1_000));
        var watch = Stopwatch.StartNew();
        var ids = await cluster.CreateCallbacksAsync(count, parallelism);
        var created = watch.Elapsed.TotalSeconds;
        double? dialed = null;
        var complete = await ScaleOutCluster.EventuallyAsync(async () =>
        {
            if (dialed is null && cluster.Carrier.Ledger.Calls.Count >= count)
            {
                dialed = watch.Elapsed.TotalSeconds;
            }
            return dialed is not null && await cluster.CompletedAsync() >= count;
        }, TimeSpan.FromMinutes(10));
        var completed = watch.Elapsed.TotalSeconds;
        var report = await cluster.DialReportAsync(ids);
        var doubles = report.NumbersDialedTwice + report.CallbacksWithSeveralAttempts + cluster.Carrier.Ledger.CallsPlacedPerKey.Count(kv => kv.Value > 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{nodes} node(s): {count} created in {created:F1} s, dialed by {dialed ?? double.NaN:F1} s, completed by {completed:F1} s; {report}"));
        return new Result(count / created, count / (dialed ?? completed), completed, complete, doubles);
    }

    private sealed record Result(double CreatesPerSecond, double DispatchedPerSecond, double CompletedSeconds, bool Complete, int DoubleDials);
}
