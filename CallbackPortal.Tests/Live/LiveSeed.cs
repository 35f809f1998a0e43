using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Live;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Live;

/// <summary>
/// Known callbacks in every state, stored directly through the database at a fixed time (Tuesday 24 November 2026,
/// 15:00 UTC): "support" keeps UTC days, "sales" New York's (today began at 05:00 UTC), "billing" has nothing and nobody.
/// </summary>
internal sealed class LiveSeed(TestDatabase database)
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));

    public CallbackEventStream Events { get; } = new();

    public DateTimeOffset Now => Clock.GetUtcNow();

    public CallbackService Support { get; } = Service("support", "Support", "UTC", "support", 2);

    public CallbackService Sales { get; } = Service("sales", "Sales", "America/New_York", "sales", 1);

    public CallbackService Billing { get; } = Service("billing", "Billing", "Europe/Paris", "billing", 1);

    public LiveQueries Queries => new(database, Clock, new WaitTimes(Options.Create(new EngineOptions())));

    /// <summary>A feed on the real clock (its pauses must pass), over queries on the fixed one.</summary>
    public LiveFeed Feed() => new(Queries, Events, TimeProvider.System, NullLogger<LiveFeed>.Instance, Microsoft.Extensions.Options.Options.Create(new LiveOptions()));

    public async Task SeedAsync()
    {
        var now = Now;
        await using var db = database.CreateDbContext();
        db.CallbackServices.AddRange(Support, Sales, Billing);

        var bob = Agent("Bob", ("support", 3), ("sales", 1));
        var fay = Agent("Fay", ("support", 3));
        var cy = Agent("Cy", ("sales", 1));
        db.Agents.AddRange(Agent("Ada", ("support", 3)), bob, fay, cy, Agent("Dee", ("support", 1)), Agent("Eve", ready: false, ("sales", 5)));
        bob.Reserve(Guid.NewGuid(), now);
        bob.StartCall(now);
        fay.Reserve(Guid.NewGuid(), now);
        cy.Reserve(Guid.NewGuid(), now);
        cy.StartCall(now);
        cy.EndCall(now);

        // Scheduled: due in the next hour (one overdue), later today, and tomorrow in UTC but still today in New York.
        foreach (var due in new[] { now.AddMinutes(30), now.AddMinutes(30), now.AddMinutes(-5), now.AddHours(3), now.AddHours(11) })
        {
            db.Callbacks.Add(Scheduled(Support, due));
        }
        db.Callbacks.AddRange(Scheduled(Sales, now.AddHours(3)), Scheduled(Sales, now.AddHours(11)));

        // Queued (immediate: created when they started waiting), paused, routing and processing.
        foreach (var minutes in new[] { 10, 4, 1 })
        {
            db.Callbacks.Add(Immediate(Support, now.AddMinutes(-minutes)));
        }
        db.Callbacks.Add(Immediate(Sales, now.AddMinutes(-2)));
        db.Callbacks.Add(Immediate(Support, now.AddHours(-3), c => c.Pause(now.AddHours(-2), "paused")));
        db.Callbacks.Add(Immediate(Support, now.AddHours(-3), c => c.Claim(fay.Id, now, now.AddMinutes(5), "Fay")));
        // Connected 3 minutes ago: promised within the 60 s estimate plus a minute of grace from 14:55, so kept.
        db.Callbacks.Add(Immediate(Support, now.AddMinutes(-5), c =>
        {
            c.EwtAtOffer = 60;
            c.Claim(bob.Id, now.AddMinutes(-4), now, "Bob");
            c.Connect(now.AddMinutes(-3), null);
        }));

        // Completed today (UTC) on support: two connected (one within its promise, one late), one cancelled, one timed out.
        db.Callbacks.Add(Connected(Immediate(Support, now.AddHours(-2), c => c.EwtAtOffer = 300), now.AddHours(-2).AddMinutes(4), now.AddHours(-2).AddMinutes(10)));
        var late = Scheduled(Support, now.AddMinutes(-52));
        late.DesiredTime = now.AddMinutes(-50);
        late.Queue(now.AddMinutes(-52), Actor.Engine);
        db.Callbacks.Add(Connected(late, now.AddMinutes(-40), now.AddMinutes(-30)));
        db.Callbacks.Add(Immediate(Support, now.AddHours(-3), c => c.Cancel(now.AddMinutes(-20), Actor.Consumer)));
        db.Callbacks.Add(Immediate(Support, now.AddHours(-8), c => c.Complete(CompletionReason.TimedOut, now.AddHours(-6), Actor.Engine)));
        // Yesterday in UTC: neither completed nor connected today.
        db.Callbacks.Add(Immediate(Support, now.AddDays(-1), c => c.Complete(CompletionReason.CustomerUnreachable, now.AddHours(-16), Actor.Engine)));
        db.Callbacks.Add(Connected(Immediate(Support, now.AddDays(-1)), now.AddHours(-17), now.AddHours(-16)));

        // Sales keeps New York's day (from 05:00 UTC): cancelled at 04:00 UTC is yesterday there; 06:00 and a call at 05:30 are today.
        var dayStart = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
        db.Callbacks.Add(Immediate(Sales, dayStart.AddHours(-2), c => c.Cancel(dayStart.AddHours(-1), Actor.Consumer)));
        db.Callbacks.Add(Immediate(Sales, dayStart.AddHours(-2), c => c.Cancel(dayStart.AddHours(1), Actor.Supervisor)));
        db.Callbacks.Add(Connected(Immediate(Sales, dayStart.AddMinutes(29)), dayStart.AddMinutes(30), dayStart.AddMinutes(35)));
        await db.SaveChangesAsync();
    }

    /// <summary>Adds an immediate callback now (queued on <paramref name="service"/>), as the engine would after a request.</summary>
    public async Task<Callback> AddQueuedAsync(CallbackService service)
    {
        await using var db = database.CreateDbContext();
        var callback = Immediate(service, Now);
        db.Callbacks.Add(callback);
        await db.SaveChangesAsync();
        return callback;
    }

    private static CallbackService Service(string key, string name, string zone, string skill, int level) => new()
    {
        Id = Guid.NewGuid(),
        Key = key,
        Name = name,
        CallerId = "+12025550100",
        RequiredSkills = [new RequiredSkill { Skill = skill, MinLevel = level }],
        Schedule = ServiceSchedule.AlwaysOpen(zone),
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private Agent Agent(string name, params (string Skill, int Level)[] skills) => Agent(name, ready: true, skills);

    private Agent Agent(string name, bool ready, params (string Skill, int Level)[] skills)
    {
        var agent = new Agent { Id = Guid.NewGuid(), Name = name, Phone = $"sip:{name.ToLowerInvariant()}@agents.test", Skills = [.. skills.Select(s => new AgentSkill { Skill = s.Skill, Level = s.Level })] };
        if (ready)
        {
            agent.SetPresence(AgentPresence.Ready, Now.AddHours(-1));
        }
        return agent;
    }

    private static Callback Immediate(CallbackService service, DateTimeOffset created, Action<Callback>? then = null)
    {
        var callback = Callback.Start(Guid.NewGuid(), immediate: true, created, created, Actor.Consumer);
        (callback.ServiceId, callback.PhoneNumber, callback.DesiredTime, callback.ExpiresAt) = (service.Id, "+12025550123", created, created.AddDays(1));
        then?.Invoke(callback);
        return callback;
    }

    private static Callback Scheduled(CallbackService service, DateTimeOffset due)
    {
        var created = due.AddHours(-20);
        var callback = Callback.Start(Guid.NewGuid(), immediate: false, created, due, Actor.Consumer);
        (callback.ServiceId, callback.PhoneNumber, callback.DesiredTime, callback.ExpiresAt) = (service.Id, "+12025550123", due.AddMinutes(2), due.AddDays(1));
        return callback;
    }

    private static Callback Connected(Callback callback, DateTimeOffset connected, DateTimeOffset completed)
    {
        callback.Claim(Guid.NewGuid(), connected.AddSeconds(-20), connected, "Someone");
        callback.Connect(connected, null);
        callback.Complete(CompletionReason.AgentConnected, completed, Actor.Engine);
        return callback;
    }
}
