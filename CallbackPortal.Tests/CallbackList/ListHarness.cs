using CallbackPortal.Access;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using CallbackPortal.Tests.Configuration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.CallbackList;

/// <summary>The callback list's services by hand over a test database and a fake clock, with two services (US and German numbers).</summary>
public sealed class ListHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private ListHarness(TestDatabase database)
    {
        Database = database;
        Search = new CallbackSearch(database, Clock);
        var events = new CallbackEventStream();
        Actions = new CallbackActions(database, Clock, new RecordingTriggers(), events);
        Downloads = new ListDownloads(database, Clock);
        Bulk = new BulkCancellation(Search, Actions, Downloads, database, new CallbackPortal.Audit.AuditLog(Clock));
        Exports = new CallbackExports(Search, Downloads, NullLogger<CallbackExports>.Instance);
        Intake = new CallbackIntake(database, Clock, new RecordingTriggers(), new WaitTimes(Options.Create(new EngineOptions())), events, new CallbackPortal.Data.WriteGate(),
            new CallbackPortal.Reports.RuleRefusalCounter(database, Clock, new CallbackPortal.Data.WriteGate(), NullLogger<CallbackPortal.Reports.RuleRefusalCounter>.Instance));
        ListActions = new ListActions(Search, Actions, Intake);
    }

    public FakeTimeProvider Clock { get; } = new(Now);
    public TestDatabase Database { get; }
    public CallbackSearch Search { get; }
    public CallbackActions Actions { get; }
    public ListDownloads Downloads { get; }
    public BulkCancellation Bulk { get; }
    public CallbackExports Exports { get; }
    public CallbackIntake Intake { get; }
    public ListActions ListActions { get; }
    public CallbackService Support { get; private set; } = default!;
    public CallbackService Sales { get; private set; } = default!;

    public static ListReader Manager => new(new PortalActor("manager", "manager@example.com", ServiceScope.Everything), MayManage: true);
    public static ListReader Viewer => new(new PortalActor("viewer", "viewer@example.com", ServiceScope.Everything), MayManage: false);

    public static ListReader LimitedTo(Guid service, bool mayManage = true) =>
        new(new PortalActor("limited", "limited@example.com", new ServiceScope(new HashSet<Guid> { service })), mayManage);

    public static async Task<ListHarness> CreateAsync()
    {
        var harness = new ListHarness(await TestDatabase.CreateAsync());
        harness.Support = await harness.AddServiceAsync("support", "Support", "US");
        harness.Sales = await harness.AddServiceAsync("sales", "Sales", "DE");
        return harness;
    }

    /// <summary>Registers the list's services for a bUnit page over this harness.</summary>
    public void Register(IServiceCollection services) => services
        .AddSingleton<TimeProvider>(Clock).AddSingleton(Search).AddSingleton(Actions).AddSingleton(Downloads).AddSingleton(Bulk).AddSingleton(Exports)
        .AddSingleton(ListActions).AddSingleton(new ListLayouts(Database, Clock))
        .AddSingleton(new PermissionStore(Database, Clock, Options.Create(new CallbackPortal.Hosting.SecurityOptions())))
        .AddSingleton<ListReaders>();

    private async Task<CallbackService> AddServiceAsync(string key, string name, string country)
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(), Key = key, Name = name, DefaultCountry = country, CallerId = "+12025550100",
            Schedule = ServiceSchedule.AlwaysOpen("UTC"), Capacity = new CapacityPlan(), CreatedAt = Now,
        };
        await using var db = Database.CreateDbContext();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    /// <summary>Stores a callback desired at <paramref name="desired"/>, in <paramref name="state"/> (completed with <paramref name="reason"/>).</summary>
    public async Task<Callback> AddAsync(CallbackService service, DateTimeOffset desired, CallbackState state = CallbackState.Scheduled,
        CompletionReason reason = CompletionReason.AgentConnected, string phone = "+12025550123", string? first = null, string? last = null,
        string? notes = null, Dictionary<string, string>? data = null, int attempts = 0)
    {
        var callback = Build(service, desired, state, reason, phone, first, last, notes, data, attempts);
        await using var db = Database.CreateDbContext();
        db.Callbacks.Add(callback);
        await db.SaveChangesAsync();
        return callback;
    }

    public static Callback Build(CallbackService service, DateTimeOffset desired, CallbackState state = CallbackState.Scheduled,
        CompletionReason reason = CompletionReason.AgentConnected, string phone = "+12025550123", string? first = null, string? last = null,
        string? notes = null, Dictionary<string, string>? data = null, int attempts = 0)
    {
        var created = desired < Now ? desired.AddMinutes(-5) : Now;
        var callback = Callback.Start(Guid.NewGuid(), immediate: false, created, desired, Actor.Consumer);
        callback.ServiceId = service.Id;
        callback.DesiredTime = desired;
        callback.ExpiresAt = desired.AddHours(4);
        callback.PhoneNumber = phone;
        callback.FirstName = first;
        callback.LastName = last;
        callback.Notes = notes;
        callback.UserData = data ?? [];
        callback.AttemptCount = attempts;
        if (state is CallbackState.Queued or CallbackState.Completed)
        {
            callback.Queue(created, Actor.Engine);
        }
        if (state == CallbackState.Paused)
        {
            callback.Queue(created, Actor.Engine);
            callback.Pause(created, "paused");
        }
        if (state == CallbackState.Completed)
        {
            callback.Complete(reason, desired.AddMinutes(3), Actor.Engine);
        }
        return callback;
    }

    public async Task<Callback> ReadAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Callbacks, c => c.Id == id);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
