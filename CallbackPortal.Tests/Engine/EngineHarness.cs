using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Engine;

/// <summary>
/// The engine's services wired by hand over a real SQLite file and a fake clock, without Hangfire: work the
/// engine asks for is collected and run when the fake clock reaches it (<see cref="RunDueAsync"/>).
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(TestDatabase database)
    {
        Database = database;
        var options = Options.Create(new EngineOptions());
        Events = new CallbackEventStream();
        var waitTimes = new WaitTimes(options);
        Outcomes = new CallOutcomes(database, Clock, Work, Events);
        Dispatcher = NewDispatcher();
        Dialer = new AttemptDialer(database, Clock, Telephony, Outcomes, options, NullLogger<AttemptDialer>.Instance);
        Progress = new CallProgressHandler(Outcomes, Clock, Telephony, NullLogger<CallProgressHandler>.Instance);
        Instructions = new CallInstructionSource(database);
        // The scheduler asks the provider about calls in flight through a scope, as in the app.
        var ports = new ServiceCollection()
            .AddSingleton<CallbackPortal.Telephony.ITelephonyProvider>(Telephony)
            .AddSingleton<CallbackPortal.Telephony.ICallProgressSink>(Progress)
            .BuildServiceProvider();
        Scheduler = new CallbackScheduler(database, Clock, Work, Events, options, ports.GetRequiredService<IServiceScopeFactory>());
        Presence = new AgentPresenceService(database, Clock, Work, Events);
        Previews = new PreviewDecisions(database, Clock, Work, Events);
        Purge = new PurgeService(database, Clock, options, NullLogger<PurgeService>.Instance);
        Refusals = new CallbackPortal.Reports.RuleRefusalCounter(database, Clock, new WriteGate(), NullLogger<CallbackPortal.Reports.RuleRefusalCounter>.Instance);
        Intake = new CallbackIntake(database, Clock, Work, waitTimes, Events, new WriteGate(), Refusals);
        ServiceControl = new ServiceControl(database, Clock, Work, Events, new CallbackPortal.Audit.AuditLog(Clock));
        Work.Bind(this);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
    public TestDatabase Database { get; }
    public RecordingTelephony Telephony { get; } = new();
    public EngineWork Work { get; } = new();
    public CallbackEventStream Events { get; }
    public CallOutcomes Outcomes { get; }
    public CallbackDispatcher Dispatcher { get; }
    public AttemptDialer Dialer { get; }
    public CallProgressHandler Progress { get; }
    public CallInstructionSource Instructions { get; }
    public CallbackScheduler Scheduler { get; }
    public AgentPresenceService Presence { get; }
    public PreviewDecisions Previews { get; }
    public PurgeService Purge { get; }
    public CallbackIntake Intake { get; }
    public CallbackPortal.Reports.RuleRefusalCounter Refusals { get; }
    public ServiceControl ServiceControl { get; }

    /// <summary>Another dispatcher over the same database, as a second node would have.</summary>
    public CallbackDispatcher NewDispatcher() =>
        new(Database, Clock, Work, Events, new WaitTimes(Options.Create(new EngineOptions())), Options.Create(new EngineOptions()), NullLogger<CallbackDispatcher>.Instance);

    public static async Task<EngineHarness> CreateAsync() => new(await TestDatabase.CreateAsync(withDefaultGrants: false));

    public async Task<CallbackService> AddServiceAsync(Action<CallbackService>? configure = null)
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(),
            Key = "support",
            Name = "Support",
            CallerId = "+12025550100",
            DefaultCountry = "US",
            RequiredSkills = [new RequiredSkill { Skill = "support", MinLevel = 2 }],
            Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            Capacity = new CapacityPlan(),
            CreatedAt = Clock.GetUtcNow(),
        };
        // Engine tests call one example number again and again; the rules that count requests have tests of their own.
        service.Rules.DuplicateCheck = CallbackPortal.Rules.DuplicateCheck.Off;
        service.Rules.NumberThrottle = new CallbackPortal.Rules.ThrottleLimit { Limit = 0, WindowSeconds = 86_400 };
        configure?.Invoke(service);
        await using var db = Database.CreateDbContext();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    public async Task<Agent> AddAgentAsync(string name, int level = 3, bool ready = true, string skill = "support")
    {
        var agent = new Agent { Id = Guid.NewGuid(), Name = name, Phone = $"sip:{name.ToLowerInvariant()}@agents.test", Skills = [new AgentSkill { Skill = skill, Level = level }] };
        await using (var db = Database.CreateDbContext())
        {
            db.Agents.Add(agent);
            await db.SaveChangesAsync();
        }
        if (ready)
        {
            await Presence.SetPresenceAsync(agent.Id, AgentPresence.Ready, CancellationToken.None);
        }
        return agent;
    }

    public async Task<Callback> RequestAsync(string serviceKey = "support", DateTimeOffset? desired = null, string? phone = null)
    {
        var created = await Intake.CreateAsync(serviceKey, new CallbackRequest(phone ?? ConsumerNumbers.Example("US"), desired, "Ada", "Lovelace"), Actor.Consumer, CancellationToken.None);
        return created.Callback;
    }

    public async Task<Callback> CallbackAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Callbacks.AsNoTracking().Include(c => c.Attempts).Include(c => c.Events).SingleAsync(c => c.Id == id);
    }

    public async Task<Agent> AgentAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Agents.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    /// <summary>Runs every piece of work that is due by the fake clock, including work that work creates.</summary>
    public Task RunDueAsync() => Work.RunDueAsync(Clock.GetUtcNow());

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await RunDueAsync();
    }

    /// <summary>Plays the provider's side of the latest call to <paramref name="to"/>.</summary>
    public async Task ReportAsync(string to, CallbackPortal.Telephony.CallProgress progress)
    {
        var call = Telephony.LastCallTo(to);
        await Progress.OnProgressAsync(call.AttemptId, call.CallId, progress, CancellationToken.None);
        await RunDueAsync();
    }

    public async Task BridgeAsync(string to, bool connected, string detail = "completed")
    {
        var call = Telephony.LastCallTo(to);
        await Progress.OnBridgeResultAsync(call.AttemptId, new CallbackPortal.Telephony.BridgeResult(connected, connected ? 60 : 0, detail), CancellationToken.None);
        await RunDueAsync();
    }

    public async ValueTask DisposeAsync() => await Database.DisposeAsync();
}
