using System.Diagnostics;
using System.Globalization;
using CallbackPortal.Agents;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.ScaleOut;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// The built app as its own process on a SQLite file, dialing through the Twilio adapter to a carrier simulator
/// hosted here (every call answered, ringing 0 s and talking 1 s, so completions keep pace), with creates posted
/// through the public API on a fixed schedule at half the measured capacity (created and dialed to the end, with all of
/// the intake benchmark's rules on; see <see cref="HalfCapacityAsync"/>) for the given minutes. Every minute it prints a row of the curve; at the end a verdict (see
/// <see cref="SoakVerdict"/>), and it exits 1 when the verdict fails.
/// </summary>
public static class SoakBenchmark
{
    /// <summary>Enough Ready agents that a callback never waits for one: about three seconds of creates are in a call at once.</summary>
    private const int Agents = 600;

    /// <summary><c>soak [minutes] [creates per second]</c>; without a rate, the capacity is measured first and half of it is used.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        double? givenRate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : null;

        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using var carrier = await SharedCarrier.StartAsync(ringSeconds: 0, talkSeconds: 1);
        await using var process = AppProcess.Start(Environment(database.Path, carrier), TempFiles.NewFolder());
        await process.WaitUntilReadyAsync();
        carrier.AddNode(process.BaseAddress);
        await IntakeBenchmark.AddServiceAsync(database, service =>
        {
            service.WrapUpSeconds = 0;
            service.Capacity = new CapacityPlan { DefaultCapacity = CapacityPlan.MaxCapacity };
        });
        await AddReadyAgentsAsync(database);

        var app = new ScaleOutNode("soak", process);
        var probe = new SoakProbe(app, database);
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var numbers = IntakeBenchmark.ValidNumbers(400_000);
        var next = -1;
        var window = new SoakWindow();
        string NextBody()
        {
            Volatile.Read(ref window).Sent();
            return IntakeBenchmark.Body(numbers[Interlocked.Increment(ref next) % numbers.Count]);
        }

        var rate = givenRate ?? await HalfCapacityAsync(http, NextBody, probe);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {minutes} min at {rate:F1} creates/s, app pid {probe.ProcessId}, {System.Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        Console.WriteLine(SoakMinute.Header);
        Console.WriteLine(SoakMinute.Rule);
        // Minute 0 is the state before the first scheduled create; the capacity run's requests are not in the curve.
        Volatile.Write(ref window, new SoakWindow());
        var curve = new List<SoakMinute> { await probe.SampleAsync(0, new SoakWindow()) };
        Console.WriteLine(curve[0]);

        var started = Stopwatch.StartNew();
        var load = IntakeBenchmark.OpenLoopAsync(http, NextBody, rate, TimeSpan.FromMinutes(minutes), (status, ms) => Volatile.Read(ref window).Answered(status, ms));
        for (var minute = 1; minute <= minutes; minute++)
        {
            var untilMinute = TimeSpan.FromMinutes(minute) - started.Elapsed;
            if (untilMinute > TimeSpan.Zero)
            {
                await Task.WhenAny(load, Task.Delay(untilMinute));
            }
            if (minute == minutes)
            {
                await load;
            }
            var row = await probe.SampleAsync(minute, Interlocked.Exchange(ref window, new SoakWindow()));
            curve.Add(row);
            Console.WriteLine(row);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end: {LoadAverage()}"));
        foreach (var line in app.ErrorLines.Take(20))
        {
            Console.WriteLine($"app error: {line}");
        }
        var failures = SoakVerdict.Failures(curve, minutes, rate);
        Console.WriteLine(failures.Count == 0
            ? $"verdict: PASS (no errors; last third's peak RSS within {SoakVerdict.MemoryBand:P0} and WAL within {SoakVerdict.WalBand:P0} of minutes {minutes / 6.0:F0}–{minutes / 2.0:F0}; backlog steady)"
            : "verdict: FAIL\n  " + string.Join("\n  ", failures));
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// The intake benchmark's closed loop (16 clients, 3 s warm-up, 15 s measured) with the engine dialing what it
    /// creates; then a wait until every one of those callbacks is completed, so the soak starts from an empty queue.
    /// How long that took is printed too: on a starved machine the dispatch loop (one pass at a time) falls behind
    /// the creates (sixteen at a time) well before the creates reach their limit.
    /// </summary>
    private static async Task<double> HalfCapacityAsync(HttpClient http, Func<string> body, SoakProbe probe)
    {
        await IntakeBenchmark.ClosedLoopAsync(http, body, 16, TimeSpan.FromSeconds(3));
        await ScaleOutCluster.EventuallyAsync(async () => (await probe.CallbacksAsync()).Backlog == 0, TimeSpan.FromMinutes(5));
        var watch = Stopwatch.StartNew();
        var (created, refused, elapsed) = await IntakeBenchmark.ClosedLoopAsync(http, body, 16, TimeSpan.FromSeconds(15));
        var capacity = created / elapsed.TotalSeconds;
        var drained = await ScaleOutCluster.EventuallyAsync(async () => (await probe.CallbacksAsync()).Backlog == 0, TimeSpan.FromMinutes(10));
        // Created and dialed to the end: the rate the whole pipeline sustains, which the soak must not exceed, or its queue
        // only grows (on 2 cores the dialing, the carrier's webhooks and this load share the cores with the creates).
        var throughput = created / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"create capacity: {capacity:F1}/s (16 clients, 15 s, {refused} refused); those {created} {(drained ? "completed" : "NOT all completed")} {watch.Elapsed.TotalSeconds:F0} s after the first create: {throughput:F1}/s created and dialed to the end"));
        return Math.Min(capacity, throughput) / 2;
    }

    private static Dictionary<string, string> Environment(string databasePath, SharedCarrier carrier) => new()
    {
        ["ConnectionStrings__DefaultConnection"] = $"Data Source={databasePath}",
        ["Telephony__Provider"] = "Twilio",
        ["Telephony__BaseUrl"] = carrier.ApiBaseUrl,
        ["Telephony__AccountSid"] = carrier.AccountSid,
        ["Telephony__AuthToken"] = carrier.AuthToken,
        ["Telephony__CallerId"] = "+12025550100",
        ["Telephony__PublicBaseUrl"] = carrier.BaseUrl,
        // All creates come from this process's one address.
        ["PublicApi__RateLimitPermits"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task AddReadyAgentsAsync(TestDatabase database)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = database.CreateDbContext();
        for (var i = 0; i < Agents; i++)
        {
            var agent = new Agent { Id = Guid.NewGuid(), Name = $"agent {i}", Phone = $"sip:a{i}@soak.test", Skills = [new AgentSkill { Skill = "bench", Level = 1 }] };
            agent.SetPresence(AgentPresence.Ready, now.AddMilliseconds(i));
            db.Agents.Add(agent);
        }
        await db.SaveChangesAsync();
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
