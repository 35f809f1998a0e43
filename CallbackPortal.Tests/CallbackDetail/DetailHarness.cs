using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using CallbackPortal.Tests.Configuration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.CallbackDetail;

/// <summary>The callback detail page's services over a test database, a fake clock at <see cref="T0"/>, and callbacks with known histories.</summary>
internal sealed class DetailHarness(TestDatabase database) : IAsyncDisposable
{
    /// <summary>10:00 in Berlin, where the services of these tests keep their office hours.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    public static readonly string Phone = ConsumerNumbers.Example("US");
    public static readonly PortalActor Supervisor = new("sup-1", "sam@example.test", ServiceScope.Everything);

    public TestDatabase Database { get; } = database;
    public FakeTimeProvider Clock { get; } = new(T0);
    public CallbackEventStream Events { get; } = new();
    public RecordingTriggers Triggers { get; } = new();

    public CallbackDetails Details => new(Database, Clock);

    public SupervisorCallbackActions Actions => new(Database, new CallbackActions(Database, Clock, Triggers, Events));

    public static async Task<DetailHarness> CreateAsync() => new(await TestDatabase.CreateAsync(withDefaultGrants: false));

    /// <summary>Registers what the detail page injects.</summary>
    public void Register(IServiceCollection services) => services
        .AddSingleton(Details).AddSingleton(Actions).AddSingleton(new CallbackChangeFeed(Events)).AddSingleton<TimeProvider>(Clock);

    public async Task<CallbackService> ServiceAsync(string key = "support")
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(),
            Key = key,
            Name = "Support line",
            CallerId = "+12025550100",
            RequiredSkills = [new RequiredSkill { Skill = "support", MinLevel = 1 }],
            Schedule = ServiceSchedule.AlwaysOpen("Europe/Berlin"),
            CreatedAt = T0,
        };
        await using var db = Database.CreateDbContext();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    /// <summary>An immediate callback just queued at <see cref="T0"/>, with journey data.</summary>
    public async Task<Callback> QueuedAsync(Guid serviceId)
    {
        var callback = New(serviceId, T0);
        await SaveAsync(callback);
        return callback;
    }

    /// <summary>
    /// A callback with a whole life: the widget opened, created, dialed without an answer, retried, raised by a
    /// supervisor's dial now, connected to Ada on the second attempt, completed and wrapped up.
    /// </summary>
    public async Task<Callback> HistoryAsync(Guid serviceId)
    {
        var (ada, callback) = History(serviceId, T0);
        await using var db = Database.CreateDbContext();
        db.Agents.Add(ada);
        db.Callbacks.Add(callback);
        await db.SaveChangesAsync();
        return callback;
    }

    /// <summary>The callback of <see cref="HistoryAsync"/> starting at <paramref name="t0"/>, and its agent Ada, not yet saved.</summary>
    public static (Agent Ada, Callback Callback) History(Guid serviceId, DateTimeOffset t0)
    {
        DateTimeOffset At(int seconds) => t0.AddSeconds(seconds);
        var ada = new Agent { Id = Guid.NewGuid(), Name = "Ada", Phone = "+12015550123" };
        var c = New(serviceId, t0);
        c.Record(At(-90), Actor.Consumer, CallbackEventKinds.Lifecycle, "widget opened");
        (c.EwtAtOffer, c.PositionAtOffer, c.EwtAtDial, c.PositionAtDial) = (60, 3, 0, 1);
        c.Claim(ada.Id, At(10), At(70), ada.Name);
        var first = c.AddAttempt(Phone, agentFirst: false, At(10));
        (first.ProviderCallId, first.SentAt, first.EndedAt, first.Stage, first.Result, first.Detail) =
            ("sim-1", At(11), At(41), AttemptStage.Finished, DialResult.NoAnswer, "no answer after 30 s");
        c.Record(At(41), Actor.Engine, CallbackEventKinds.Attempt, "attempt 1: NoAnswer (no answer after 30 s)");
        c.ScheduleRetry(At(341), At(41), "NoAnswer: retry in 300 s");
        c.Record(At(60), Actor.Engine, CallbackEventKinds.Rule, "Number throttle: 2 of 5 calls today");
        c.DialNow(At(120), Actor.Supervisor, "sam@example.test");
        c.Claim(ada.Id, At(130), At(190), ada.Name);
        var second = c.AddAttempt(Phone, agentFirst: false, At(130));
        (second.ProviderCallId, second.SentAt, second.AnsweredAt, second.ConnectedAt, second.EndedAt) = ("sim-2", At(131), At(140), At(142), At(262));
        (second.Stage, second.Result, second.TalkSeconds, second.AnsweredBy) = (AttemptStage.Finished, DialResult.Person, 120, "human");
        c.Connect(At(142), "connected");
        c.Complete(CompletionReason.AgentConnected, At(262), Actor.Engine, "talked 120 s");
        (c.Disposition, c.DispositionNotes) = ("resolved", "will call back on Monday");
        c.Record(At(270), Actor.Agent, CallbackEventKinds.WrapUp, "resolved: will call back on Monday", "Ada");
        return (ada, c);
    }

    /// <summary>What the engine (or another user) does to a callback: a change through the entity, saved, optionally announced.</summary>
    public async Task ChangeAsync(Guid id, Action<Callback, DateTimeOffset> change, bool announce)
    {
        await using (var db = Database.CreateDbContext())
        {
            var callback = await db.Callbacks.SingleAsync(c => c.Id == id);
            change(callback, Clock.GetUtcNow());
            await db.SaveChangesAsync();
            if (!announce)
            {
                return;
            }
            Events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, callback.AgentId));
        }
    }

    public async Task<Callback> StoredAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Callbacks.AsNoTracking().Include(c => c.Events).SingleAsync(c => c.Id == id);
    }

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public async ValueTask DisposeAsync() => await Database.DisposeAsync();

    private static Callback New(Guid serviceId, DateTimeOffset t0)
    {
        var callback = Callback.Start(Guid.NewGuid(), immediate: true, t0, t0, Actor.Consumer);
        callback.ServiceId = serviceId;
        callback.PhoneNumber = Phone;
        (callback.FirstName, callback.LastName, callback.Email, callback.Notes) = ("Grace", "Hopper", "grace@example.test", "About my invoice");
        callback.UserData = new Dictionary<string, string> { ["page"] = "/billing/invoice-42", ["cart"] = "3 items" };
        (callback.DesiredTime, callback.ExpiresAt, callback.Priority) = (t0, t0.AddDays(1), 5);
        callback.AccessTokenHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(callback.Id.ToByteArray()));
        return callback;
    }

    private async Task SaveAsync(Callback callback)
    {
        await using var db = Database.CreateDbContext();
        db.Callbacks.Add(callback);
        await db.SaveChangesAsync();
    }
}
