using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.ScaleOut;

/// <summary>How a cluster's nodes and carrier are set up; the defaults make callbacks flow as fast as this machine allows.</summary>
public sealed record ScaleOutSettings
{
    /// <summary><c>Engine:ClaimLeaseSeconds</c>: how long a dead node's claims and sends hold before another node takes them back.</summary>
    public int ClaimLeaseSeconds { get; init; } = 5;

    public int SweepSeconds { get; init; } = 1;

    public int DispatchBatch { get; init; } = 200;

    /// <summary>Hangfire workers per node (dial jobs run on them).</summary>
    public int WorkerCount { get; init; } = 16;

    public int RingSeconds { get; init; }

    public int TalkSeconds { get; init; }

    /// <summary>More environment for every node (a key set to an empty string is removed).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>One node of a cluster: the built app as its own process, its own port, the cluster's database.</summary>
public sealed class ScaleOutNode(string name, AppProcess process)
{
    public string Name { get; } = name;

    public AppProcess Process { get; } = process;

    public Uri BaseAddress => Process.BaseAddress;

    public HttpClient Http { get; } = new() { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public bool Killed { get; internal set; }

    /// <summary>Log lines at error or critical level (the simple console formatter's <c>fail:</c> and <c>crit:</c>).</summary>
    public IReadOnlyList<string> ErrorLines => Process.ErrorLines;

    public override string ToString() => $"{Name} ({BaseAddress})";
}

/// <summary>What the carrier's ledger and the database say about a set of callbacks after the cluster dialed them.</summary>
/// <param name="Callbacks">Callbacks created.</param>
/// <param name="Completed">Of those, how many reached Completed.</param>
/// <param name="NotDialed">Callbacks whose number the carrier never called.</param>
/// <param name="NumbersDialedTwice">Numbers (one per callback) the carrier called more than once: double dials.</param>
/// <param name="CallbacksWithSeveralAttempts">Callbacks with more than one attempt (every call is answered: one is enough).</param>
/// <param name="CallsPlaced">Calls in the ledger.</param>
/// <param name="CallsForNoAttempt">Calls in the ledger whose idempotency key is no attempt's.</param>
/// <param name="KeysResent">Keys the carrier received more than once (a send repeated with the same key: harmless, counted for information).</param>
public sealed record DialReport(int Callbacks, int Completed, int NotDialed, int NumbersDialedTwice, int CallbacksWithSeveralAttempts,
    int CallsPlaced, int CallsForNoAttempt, int KeysResent)
{
    public bool AllDialedExactlyOnce => NotDialed == 0 && NumbersDialedTwice == 0 && CallbacksWithSeveralAttempts == 0 && CallsForNoAttempt == 0
        && CallsPlaced == Callbacks;
}

/// <summary>
/// Several nodes of the app, each its own process (<see cref="AppProcess"/>), on one fresh PostgreSQL database
/// (Hangfire.PostgreSql in it), dialing through ONE carrier (<see cref="SharedCarrier"/>) that also balances the
/// carrier's callbacks over the live nodes. <see cref="SeedAsync"/> adds a service (CAPTCHA off, no throttles,
/// no wrap-up) and Ready agents, so what is created through the public API is dialed and completed.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string ServiceKey = "scaleout";
    public const string Skill = "scaleout";

    private readonly List<ScaleOutNode> nodes = [];
    private readonly ScaleOutSettings settings;
    private readonly DbContextOptions<PostgresAppDbContext> dbOptions;

    private ScaleOutCluster(string connectionString, SharedCarrier carrier, ScaleOutSettings settings)
    {
        ConnectionString = connectionString;
        Carrier = carrier;
        this.settings = settings;
        dbOptions = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString).Options;
    }

    public string ConnectionString { get; }

    public SharedCarrier Carrier { get; }

    public IReadOnlyList<ScaleOutNode> Nodes => nodes;

    public IReadOnlyList<ScaleOutNode> LiveNodes => [.. nodes.Where(n => !n.Killed)];

    /// <summary>A fresh database and the shared carrier; no node yet.</summary>
    public static async Task<ScaleOutCluster> CreateAsync(ScaleOutSettings? settings = null)
    {
        settings ??= new ScaleOutSettings();
        var connectionString = await PostgresServer.CreateDatabaseAsync("scaleout");
        var carrier = await SharedCarrier.StartAsync(settings.RingSeconds, settings.TalkSeconds);
        return new ScaleOutCluster(connectionString, carrier, settings);
    }

    /// <summary>Starts <paramref name="count"/> nodes at the same moment and waits until every one is ready.</summary>
    public async Task<IReadOnlyList<ScaleOutNode>> StartNodesAsync(int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => StartNode()).ToList();
        await Task.WhenAll(started.Select(n => n.Process.WaitUntilReadyAsync()));
        started.ForEach(n => Carrier.AddNode(n.BaseAddress));
        return started;
    }

    /// <summary>Ends the node at once (SIGKILL): its claims, jobs and requests in flight die with it. The balancer stops sending to it.</summary>
    public async Task KillAsync(ScaleOutNode node)
    {
        await node.Process.KillAsync();
        node.Killed = true;
        Carrier.RemoveNode(node.BaseAddress);
    }

    public AppDbContext Db() => new PostgresAppDbContext(dbOptions);

    /// <summary>The service every create goes to, and <paramref name="agents"/> Ready agents holding its skill.</summary>
    public async Task<CallbackService> SeedAsync(int agents, Action<CallbackService>? configure = null)
    {
        await using var db = Db();
        return await SeedAsync(db, agents, configure);
    }

    /// <summary>The same service and agents, written to any of the app's databases (a SQLite node's file too).</summary>
    public static async Task<CallbackService> SeedAsync(AppDbContext db, int agents, Action<CallbackService>? configure = null)
    {
        var now = DateTimeOffset.UtcNow;
        var service = new CallbackService
        {
            Id = Guid.NewGuid(),
            Key = ServiceKey,
            Name = "Scale-out",
            CallerId = "+12025550100",
            DefaultCountry = "US",
            RequiredSkills = [new RequiredSkill { Skill = Skill, MinLevel = 1 }],
            Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            Capacity = new CapacityPlan { DefaultCapacity = 1_000_000 },
            MaxQueued = CallbackService.MaxQueuedLimit,
            WrapUpSeconds = 0,
            Captcha = new CaptchaSettings { Provider = CaptchaProvider.Off },
            CreatedAt = now,
        };
        service.Rules.PermittedCountries = ["US"];
        service.Rules.DuplicateCheck = DuplicateCheck.Off;
        service.Rules.NumberThrottle = new ThrottleLimit { Limit = 0, WindowSeconds = 86_400 };
        service.Rules.ServiceThrottles = [];
        configure?.Invoke(service);
        db.CallbackServices.Add(service);
        for (var i = 0; i < agents; i++)
        {
            var agent = new Agent { Id = Guid.NewGuid(), Name = $"agent {i}", Phone = $"sip:a{i}@scaleout.test", Skills = [new AgentSkill { Skill = Skill, Level = 1 }] };
            agent.SetPresence(AgentPresence.Ready, now.AddMilliseconds(i));
            db.Agents.Add(agent);
        }
        await db.SaveChangesAsync();
        return service;
    }

    /// <summary>The i-th of the distinct consumer numbers the tests use (one per callback).</summary>
    public static string Number(int i) => string.Create(CultureInfo.InvariantCulture, $"+1202555{1000 + i:0000}");

    /// <summary>A create through the public API of the live node <paramref name="index"/> picks (alternating).</summary>
    public Task<HttpResponseMessage> CreateCallbackAsync(int index, string phoneNumber)
    {
        var live = LiveNodes;
        return live[index % live.Count].Http.PostAsJsonAsync($"/api/v1/services/{ServiceKey}/callbacks", new { phoneNumber });
    }

    /// <summary>
    /// Creates <paramref name="count"/> callbacks, one number each, alternating between the live nodes, with
    /// <paramref name="parallelism"/> requests in flight; fails unless every one is accepted. Returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CreateCallbacksAsync(int count, int parallelism = 8)
    {
        var ids = new Guid[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            using var response = await CreateCallbackAsync(i, Number(i));
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"create {i} answered {(int)response.StatusCode}: {body}");
            }
            using var json = JsonDocument.Parse(body);
            ids[i] = json.RootElement.GetProperty("id").GetGuid();
        });
        return ids;
    }

    public async Task<int> CompletedAsync()
    {
        await using var db = Db();
        return await db.Callbacks.CountAsync(c => c.State == CallbackState.Completed);
    }

    /// <summary>Waits until every callback of the database is completed; false when <paramref name="limit"/> passes first.</summary>
    public async Task<bool> AllCompletedAsync(int expected, TimeSpan limit) =>
        await EventuallyAsync(async () => await CompletedAsync() >= expected && Carrier.Ledger.Calls.Count >= expected, limit);

    public async Task<DialReport> DialReportAsync(IReadOnlyCollection<Guid> callbacks)
    {
        await using var db = Db();
        var rows = await db.Callbacks.AsNoTracking().Where(c => callbacks.Contains(c.Id))
            .Select(c => new { c.Id, c.PhoneNumber, c.State, Keys = c.Attempts.Select(a => a.IdempotencyKey).ToList() }).ToListAsync();
        var attemptKeys = (await db.DialAttempts.AsNoTracking().Select(a => a.IdempotencyKey).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var calls = Carrier.Ledger.Calls;
        var callsPerNumber = calls.GroupBy(c => c.To).ToDictionary(g => g.Key, g => g.Count());
        var keysResent = calls.Count(c => Carrier.Ledger.RequestsReceived(c.IdempotencyKey) > 1);
        return new DialReport(
            Callbacks: callbacks.Count,
            Completed: rows.Count(r => r.State == CallbackState.Completed),
            NotDialed: callbacks.Count - rows.Count(r => callsPerNumber.ContainsKey(r.PhoneNumber)),
            NumbersDialedTwice: callsPerNumber.Count(kv => kv.Value > 1),
            CallbacksWithSeveralAttempts: rows.Count(r => r.Keys.Count > 1),
            CallsPlaced: calls.Count,
            CallsForNoAttempt: calls.Count(c => !attemptKeys.Contains(c.IdempotencyKey)),
            KeysResent: keysResent);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="limit"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        return await condition();
    }

    /// <summary>What every node printed at error level, for failure messages.</summary>
    public string Logs() => string.Join("\n", nodes.Select(n => $"--- {n}{(n.Killed ? " (killed)" : "")}\n{Tail(n.Process.StandardError + n.Process.StandardOutput)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            node.Http.Dispose();
            await node.Process.DisposeAsync();
        }
        await Carrier.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    private ScaleOutNode StartNode()
    {
        var name = $"node{nodes.Count + 1}";
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = DatabaseProviders.Postgres,
            ["ConnectionStrings__DefaultConnection"] = ConnectionString,
            ["Engine__ClaimLeaseSeconds"] = settings.ClaimLeaseSeconds.ToString(CultureInfo.InvariantCulture),
            ["Engine__SweepSeconds"] = settings.SweepSeconds.ToString(CultureInfo.InvariantCulture),
            ["Engine__DispatchBatch"] = settings.DispatchBatch.ToString(CultureInfo.InvariantCulture),
            ["Jobs__WorkerCount"] = settings.WorkerCount.ToString(CultureInfo.InvariantCulture),
            // All requests come from the test process's one address.
            ["PublicApi__RateLimitPermits"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            // The start-up line that says which node applied the migrations.
            ["Logging__LogLevel__CallbackPortal.Data.DatabaseInitializer"] = "Information",
        };
        foreach (var (key, value) in Carrier.NodeSettings)
        {
            environment[key] = value;
        }
        foreach (var (key, value) in settings.Environment)
        {
            if (value.Length == 0)
            {
                environment.Remove(key);
            }
            else
            {
                environment[key] = value;
            }
        }
        var node = new ScaleOutNode(name, AppProcess.Start(environment, TempFiles.NewFolder()));
        nodes.Add(node);
        return node;
    }
}
