using System.Diagnostics;
using System.Globalization;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.ScaleOut;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Reliability;

/// <summary>How long a crash run goes on and how hard it pushes.</summary>
public sealed record CrashRunSettings
{
    public int Kills { get; init; } = 3;

    /// <summary>Draws the moments of the kills and the load's pauses: the same seed repeats the same run shape.</summary>
    public int Seed { get; init; } = 1;

    public int Agents { get; init; } = 12;

    /// <summary>Creates in flight at once.</summary>
    public int Creators { get; init; } = 2;

    /// <summary>The longest the app runs between ready and its kill; each uptime is drawn below it, from 0.</summary>
    public TimeSpan MaxUptime { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How long the engine gets, after the load stops, to finish every callback.</summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromSeconds(120);

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>What was going on when a kill landed: the creates waiting for their answer, and, as the database says after the kill, the work in the middle.</summary>
public sealed record KillMoment(int CreatesInFlight, int AttemptsUnsent, int CallsRinging, int CallsTalking, int AgentsWrappingUp);

/// <summary>
/// Crash safety, from the outside: the built app as its own process on one SQLite file, dialing through the carrier
/// stand-in (<see cref="SharedCarrier"/>, which keeps a ledger of dials by idempotency key and brings its status
/// callbacks to whichever process is up), under a steady load of creates (<see cref="CrashLoad"/>), killed with
/// SIGKILL at random moments and restarted on the same file each time. At the end the load stops, the unknown requests
/// are sent again with their keys, the engine finishes, the app is killed once more, and <see cref="CrashAudit"/> checks
/// what is stored against what was answered and what was dialed.
/// </summary>
public sealed class CrashRun : IAsyncDisposable
{
    /// <summary><c>Engine:ClaimLeaseSeconds</c>, the shortest allowed: work a dead process held is taken back this long after.</summary>
    public const int ClaimLeaseSeconds = 5;

    private readonly CrashRunSettings settings;
    private readonly SharedCarrier carrier;
    private readonly TestDatabase database;
    private readonly CrashLoad load;
    private readonly Random random;
    private readonly List<AppProcess> processes = [];
    private readonly List<KillMoment> kills = [];
    private AppProcess? app;
    private int answeredBeforeStart;

    private CrashRun(CrashRunSettings settings, SharedCarrier carrier)
    {
        this.settings = settings;
        this.carrier = carrier;
        database = TestDatabase.At(TempFiles.NewDatabasePath());
        load = new CrashLoad(carrier, settings.Seed, settings.Creators);
        random = new Random(settings.Seed);
    }

    public static async Task<CrashReport> RunAsync(CrashRunSettings settings)
    {
        // Short rings and talks: many calls start and end between two kills.
        var carrier = await SharedCarrier.StartAsync(ringSeconds: 1, talkSeconds: 2);
        await using var run = new CrashRun(settings, carrier);
        return await run.ExecuteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await load.StopAsync();
        load.Dispose();
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
        await carrier.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<CrashReport> ExecuteAsync()
    {
        var watch = Stopwatch.StartNew();
        await StartAppAsync();
        CallbackService service;
        await using (var db = database.CreateDbContext())
        {
            service = await ScaleOutCluster.SeedAsync(db, settings.Agents, s =>
            {
                // Retries, scheduled callbacks and wrap-ups all come round within seconds, so kills land among them.
                s.RetryIntervalSeconds = 2;
                s.WrapUpSeconds = 1;
                s.SubmitBufferSeconds = 0;
                s.RingTimeoutSeconds = 10;
            });
        }
        load.Start();
        for (var kill = 1; kill <= settings.Kills; kill++)
        {
            await ServingCreatesAsync();
            await RunForAWhileAsync();
            var moment = await KillAsync();
            settings.Log($"kill {kill}/{settings.Kills} at {watch.Elapsed.TotalSeconds:F0} s: {moment}");
            await StartAppAsync();
        }
        await ServingCreatesAsync();
        settings.Log($"the last process answered its first create at {watch.Elapsed.TotalSeconds:F0} s");
        await RunForAWhileAsync();
        await load.StopAsync();

        await NoteUnknownsStoredAsync();
        await load.RetryUnknownAsync(app!.BaseAddress);
        settings.Log($"the load stopped and the unanswered requests were sent again at {watch.Elapsed.TotalSeconds:F0} s");
        var idle = await ScaleOutCluster.EventuallyAsync(EngineIdleAsync, settings.DrainLimit);
        settings.Log(idle ? $"the engine finished its work at {watch.Elapsed.TotalSeconds:F0} s" : "the engine did not finish in time");
        // The last stop is a kill too: the file is checked as a crash leaves it.
        await app.KillAsync();

        return await new CrashAudit(database, carrier, service, ClaimLeaseSeconds).AuditAsync(load.Requests, kills,
            [.. processes.SelectMany(p => p.ErrorLines)], watch.Elapsed);
    }

    /// <summary>
    /// Waits until the process just started has answered a create: on a busy machine a fresh process takes seconds to
    /// warm up, and a kill before it does any work would test nothing but its start.
    /// </summary>
    private async Task ServingCreatesAsync()
    {
        if (!await ScaleOutCluster.EventuallyAsync(() => Task.FromResult(load.Answered > answeredBeforeStart), TimeSpan.FromMinutes(3)))
        {
            throw new TimeoutException("the restarted app answered no create in three minutes: " + string.Join("\n", app!.ErrorLines));
        }
    }

    /// <summary>The random moment of the next kill: the app runs (and the load with it) for a drawn time first.</summary>
    private Task RunForAWhileAsync() => Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * settings.MaxUptime.TotalMilliseconds));

    private async Task StartAppAsync()
    {
        var environment = new Dictionary<string, string>(carrier.NodeSettings)
        {
            ["ConnectionStrings__DefaultConnection"] = $"Data Source={database.Path}",
            ["Demo__Enabled"] = "false",
            ["Engine__ClaimLeaseSeconds"] = ClaimLeaseSeconds.ToString(CultureInfo.InvariantCulture),
            ["Engine__SweepSeconds"] = "1",
            // Every create comes from this process's one address.
            ["PublicApi__RateLimitPermits"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        answeredBeforeStart = load.Answered;
        app = AppProcess.Start(environment, Path.GetDirectoryName(database.Path)!);
        processes.Add(app);
        // Generous: on a machine shared with builds a start can take well over the usual minute.
        await app.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        carrier.AddNode(app.BaseAddress);
        load.Resume(app.BaseAddress);
    }

    private async Task<KillMoment> KillAsync()
    {
        var creates = load.InFlight;
        await app!.KillAsync();
        carrier.RemoveNode(app.BaseAddress);
        load.Pause();
        await using var db = database.CreateDbContext();
        var stages = await db.DialAttempts.AsNoTracking().GroupBy(a => a.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var moment = new KillMoment(creates, stages.GetValueOrDefault(AttemptStage.Created), stages.GetValueOrDefault(AttemptStage.Dialing),
            stages.GetValueOrDefault(AttemptStage.Answered), await db.Agents.CountAsync(a => a.Presence == AgentPresence.WrapUp));
        kills.Add(moment);
        return moment;
    }

    /// <summary>Before they are sent again: which requests whose answer was lost had been stored anyway.</summary>
    private async Task NoteUnknownsStoredAsync()
    {
        var unknown = load.Requests.Where(r => r.Outcome == RequestOutcome.Unknown).ToList();
        var numbers = unknown.Select(r => r.PhoneNumber).ToList();
        await using var db = database.CreateDbContext();
        var stored = (await db.Callbacks.AsNoTracking().Where(c => numbers.Contains(c.PhoneNumber)).Select(c => c.PhoneNumber).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        unknown.ForEach(r => r.StoredBeforeRetry = stored.Contains(r.PhoneNumber));
    }

    /// <summary>Every callback completed, every attempt finished, every agent Ready and free.</summary>
    private async Task<bool> EngineIdleAsync()
    {
        await using var db = database.CreateDbContext();
        return !await db.Callbacks.AnyAsync(c => c.State != CallbackState.Completed)
            && !await db.DialAttempts.AnyAsync(a => a.Stage != AttemptStage.Finished)
            && !await db.Agents.AnyAsync(a => a.Presence != AgentPresence.Ready || a.CurrentCallbackId != null);
    }
}
