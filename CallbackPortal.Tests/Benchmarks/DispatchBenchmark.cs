using System.Diagnostics;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Telephony.Simulator;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// Measures the engine as it runs (SQLite file, Hangfire in process, the Twilio adapter over HTTP to the
/// built-in carrier simulator): agent Ready → originate received, with a deep queue; a burst of callbacks
/// due in the same minute; and double dials (calls placed per idempotency key).
/// </summary>
public static class DispatchBenchmark
{
    /// <summary>How often the benchmark looks at the carrier ledger while waiting for a dial.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    /// <summary><c>intake [seconds] [clients]</c> runs <see cref="IntakeBenchmark"/> (likewise list, live, funnel, scaleout, soak, abuse, crash); otherwise the dispatch benchmark with <c>[queued] [readySamples] [burst]</c>.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "intake")
        {
            return await IntakeBenchmark.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "list") { return await ListBenchmark.RunAsync(args[1..]); }
        if (args.Length > 0 && args[0] == "live") { return await LiveBenchmark.RunAsync(args[1..]); }
        if (args.Length > 0 && args[0] == "funnel") { return await FunnelBenchmark.RunAsync(args[1..]); }
        if (args.Length > 0 && args[0] == "scaleout") { return await ScaleOutBenchmark.RunAsync(args[1..]); }
        if (args.Length > 0 && args[0] == "soak") { return await SoakBenchmark.RunAsync(args[1..]); }
        if (args.Length > 0 && args[0] == "abuse") { return await AbuseBenchmark.RunAsync(); }
        if (args.Length > 0 && args[0] == "crash") { return await CrashBenchmark.RunAsync(args[1..]); }
        var queued = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var readySamples = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var burst = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000;

        var readyToOriginate = await ReadyToOriginateAsync(queued, readySamples);
        var (dueToOriginate, doubleDials) = await BurstAsync(burst);

        Console.WriteLine();
        Console.WriteLine($"| measure (SQLite, {Environment.ProcessorCount} cores) | n | p50 | p99 | max | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row($"agent Ready → originate received ({queued:N0} queued)", readyToOriginate, "p50 ≤ 50 ms, p99 ≤ 250 ms");
        Row($"desired time → originate sent ({burst:N0} due in one minute)", dueToOriginate, "p99 ≤ 1.5 s");
        Console.WriteLine($"| double dials (keys dialed more than once) | {readySamples + burst} | {doubleDials} | | | 0 |");
        return 0;
    }

    private static void Row(string name, List<double> ms, string target)
    {
        ms.Sort();
        Console.WriteLine($"| {name} | {ms.Count} | {Percentile(ms, 0.50):F1} ms | {Percentile(ms, 0.99):F1} ms | {ms[^1]:F1} ms | {target} |");
    }

    /// <summary>The value below which <paramref name="p"/> of the sorted measurements lie (nearest rank); every benchmark's table uses it.</summary>
    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static PortalHost StartHost() => new(jobServer: true, settings: new Dictionary<string, string?>
    {
        // Calls never finish during the measurement: every agent is used once.
        ["Telephony:Simulator:RingSeconds"] = "600",
        ["Logging:LogLevel:Default"] = "Error",
        ["Jobs:WorkerCount"] = "16",
    });

    private static async Task<List<double>> ReadyToOriginateAsync(int queued, int samples)
    {
        await using var host = StartHost();
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var service = await AddServiceAsync(factory, "bench");
        var agents = await AddAgentsAsync(factory, samples + 1);
        await InsertQueuedAsync(factory, service, queued);
        var ledger = host.Services.GetRequiredService<CarrierSimulator>().Ledger;
        var presence = host.Services.GetRequiredService<AgentPresenceService>();
        var results = new List<double>();
        foreach (var (agent, index) in agents.Select((a, i) => (a, i)))
        {
            var before = ledger.Calls.Count;
            var watch = Stopwatch.StartNew();
            await presence.SetPresenceAsync(agent, AgentPresence.Ready, CancellationToken.None);
            await WaitUntilAsync(() => ledger.Calls.Count > before);
            if (index > 0)
            {
                // The first dial warms up the JIT, EF's query cache and the HTTP connection.
                results.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine($"ready → originate: {results.Count} samples over {queued:N0} queued callbacks");
        return results;
    }

    private static async Task<(List<double> Latencies, int DoubleDials)> BurstAsync(int count)
    {
        await using var host = StartHost();
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var service = await AddServiceAsync(factory, "burst");
        var agents = await AddAgentsAsync(factory, count);
        var presence = host.Services.GetRequiredService<AgentPresenceService>();
        foreach (var agent in agents)
        {
            await presence.SetPresenceAsync(agent, AgentPresence.Ready, CancellationToken.None);
        }
        var intake = host.Services.GetRequiredService<CallbackIntake>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var created = await intake.CreateAsync("burst", new CallbackRequest($"+1202555{1000 + i % 9000:0000}", DateTimeOffset.UtcNow.AddHours(1)), Actor.Consumer, CancellationToken.None);
            ids.Add(created.Callback.Id);
        }
        // All of them fall due within one minute starting a few seconds from now, each with its job at its exact time.
        var start = DateTimeOffset.UtcNow.AddSeconds(5);
        var triggers = host.Services.GetRequiredService<CallbackPortal.Engine.IEngineTriggers>();
        await using (var timing = await factory.CreateDbContextAsync())
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var due = start.AddMilliseconds(i * 60_000.0 / count);
                await timing.Callbacks.Where(c => c.Id == ids[i]).ExecuteUpdateAsync(u => u.SetProperty(c => c.DueAt, due).SetProperty(c => c.DesiredTime, due.AddSeconds(service.SubmitBufferSeconds)));
                triggers.PromoteAt(ids[i], due);
            }
        }
        var ledger = host.Services.GetRequiredService<CarrierSimulator>().Ledger;
        await WaitUntilAsync(() => ledger.Calls.Count >= count, TimeSpan.FromMinutes(3));
        await using var db = await factory.CreateDbContextAsync();
        var rows = await db.DialAttempts.AsNoTracking()
            .Join(db.Callbacks.AsNoTracking(), a => a.CallbackId, c => c.Id, (a, c) => new { a.SentAt, c.DueAt, a.IdempotencyKey })
            .ToListAsync();
        var latencies = rows.Where(r => r.SentAt != null).Select(r => Math.Max(0, (r.SentAt!.Value - r.DueAt).TotalMilliseconds)).ToList();
        var doubles = ledger.CallsPlacedPerKey.Count(kv => kv.Value > 1);
        Console.WriteLine($"burst: {latencies.Count} of {count} dialed");
        return (latencies, doubles);
    }

    private static async Task<CallbackService> AddServiceAsync(IDbContextFactory<AppDbContext> factory, string key)
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(), Key = key, Name = key, CallerId = "+12025550100", MaxQueued = 1_000_000,
            RequiredSkills = [new RequiredSkill { Skill = key }], Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            Capacity = new CapacityPlan { DefaultCapacity = 100_000 },
            // The burst creates a thousand callbacks in seconds, far past the default per-service throttle.
            Rules = new CallbackPortal.Rules.ServiceRules { ServiceThrottles = [] },
        };
        await using var db = await factory.CreateDbContextAsync();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    private static async Task<List<Guid>> AddAgentsAsync(IDbContextFactory<AppDbContext> factory, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var db = await factory.CreateDbContextAsync();
        var skill = (await db.CallbackServices.AsNoTracking().OrderByDescending(s => s.CreatedAt).FirstAsync()).Key;
        db.Agents.AddRange(ids.Select((id, i) => new Agent { Id = id, Name = $"agent {i}", Phone = $"sip:a{i}@bench.test", Skills = [new AgentSkill { Skill = skill, Level = 1 }] }));
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>A deep queue written directly (the intake path is measured by the API benchmarks, not here).</summary>
    private static async Task InsertQueuedAsync(IDbContextFactory<AppDbContext> factory, CallbackService service, int count)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = await factory.CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            var callback = Callback.Start(Guid.NewGuid(), immediate: true, now.AddMilliseconds(i), now, Actor.Consumer);
            callback.ServiceId = service.Id;
            callback.PhoneNumber = $"+1202555{1000 + i % 9000:0000}";
            callback.DesiredTime = now;
            callback.ExpiresAt = now.AddDays(1);
            callback.AccessTokenHash = new string('0', 64);
            db.Callbacks.Add(callback);
        }
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > (limit ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The engine did not dial in time.");
            }
            await Task.Delay(PollInterval);
        }
    }
}
