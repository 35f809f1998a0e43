using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CallbackPortal.Demo;

/// <summary>
/// Demo mode's past: thirty days of finished callbacks for the demo services (connected, retried, unreachable,
/// timed out, cancelled), written once through the callback's own state methods so every one has a consistent
/// timeline and attempts, and the widget sessions around them (<see cref="DemoWidgetSessions"/>). It gives the callback
/// list and the reports, the widget funnel included, something to show on a fresh install.
/// Deterministic (a fixed seed), marked done with a system flag so a restart or a second node adds nothing twice.
/// </summary>
public sealed class DemoHistory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string DoneFlag = "demo:history";
    public const int Days = 30;

    private static readonly string[] Regions = ["US", "CA", "GB", "DE", "FR"];
    private static readonly string[] FirstNames = ["Maria", "John", "Aiko", "Omar", "Lena", "Pierre", "Sofia", "Liam", "Noah", "Emma"];
    private static readonly string[] Dispositions = ["Resolved", "Resolved", "Resolved", "Follow-up needed", "No longer needed"];

    /// <returns>How many callbacks were written (0 when the history already exists).</returns>
    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SystemFlags.AnyAsync(f => f.Key == DoneFlag, ct))
        {
            return 0;
        }
        var services = await db.CallbackServices.AsNoTracking().Where(s => s.Key == "support" || s.Key == "sales").ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().Where(a => DemoSeeder.AgentNames.Contains(a.Name)).ToListAsync(ct);
        if (services.Count == 0 || agents.Count == 0)
        {
            return 0;
        }
        var random = new Random(20261124);
        var today = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var written = 0;
        for (var day = Days; day >= 1; day--)
        {
            foreach (var service in services)
            {
                var skilled = agents.Where(a => a.HasSkills(service.Requirements)).ToList();
                var count = 25 + random.Next(20) + (today.AddDays(-day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -15 : 0);
                for (var i = 0; i < count; i++)
                {
                    var created = today.AddDays(-day).AddHours(8).AddSeconds(random.Next(12 * 3600));
                    var callback = Finished(service, skilled, created, written++, random);
                    db.Callbacks.Add(callback);
                    // Most were asked for through the widget; the rest through the API or an app.
                    if (random.NextDouble() < 0.6)
                    {
                        db.WidgetEvents.AddRange(DemoWidgetSessions.For(callback, random));
                    }
                }
                // More visitors see the widget than use it: some only load the page, some open it and leave.
                for (var i = 0; i < count * 3 / 2; i++)
                {
                    var start = today.AddDays(-day).AddHours(8).AddSeconds(random.Next(12 * 3600));
                    var reached = random.NextDouble() switch { < 0.5 => 1, < 0.75 => 2, < 0.9 => 3, _ => 4 };
                    db.WidgetEvents.AddRange(DemoWidgetSessions.Abandoned(service.Id, start, reached, random));
                }
            }
            // One save per day keeps the change tracker small.
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        db.SystemFlags.Add(new SystemFlag { Key = DoneFlag, Value = written.ToString(System.Globalization.CultureInfo.InvariantCulture), SetAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return written;
    }

    private static Callback Finished(Services.CallbackService service, List<Agent> agents, DateTimeOffset created, int n, Random random)
    {
        var immediate = random.NextDouble() < 0.7;
        var desired = immediate ? created : created.AddMinutes(30 + random.Next(24 * 60));
        var due = immediate ? created : desired.AddSeconds(-service.SubmitBufferSeconds);
        var callback = Callback.Start(Guid.NewGuid(), immediate, created, due, Actor.Consumer);
        var region = Regions[n % Regions.Length];
        callback.ServiceId = service.Id;
        callback.PhoneNumber = ConsumerNumbers.Varied(region, n % 2 == 0 ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE, n);
        callback.FirstName = FirstNames[n % FirstNames.Length];
        callback.LastName = "Demo";
        callback.Language = service.Language;
        callback.Notes = n % 3 == 0 ? "Question about my last invoice" : null;
        callback.UserData = new Dictionary<string, string> { ["page"] = n % 2 == 0 ? "/pricing" : "/support/orders", ["source"] = "demo-history" };
        callback.DesiredTime = desired;
        callback.ExpiresAt = desired.AddSeconds(service.TimeToLiveSeconds);
        callback.Priority = service.Priority;
        callback.AccessTokenHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(callback.Id.ToByteArray()));
        if (immediate)
        {
            callback.PositionAtOffer = 1 + random.Next(6);
            callback.EwtAtOffer = 60 + random.Next(600);
        }
        else
        {
            callback.Queue(due, Actor.Engine);
        }

        var roll = random.NextDouble();
        var queued = immediate ? created : due;
        if (roll < 0.06)
        {
            callback.Cancel(queued.AddSeconds(30 + random.Next(300)), Actor.Consumer, "by the consumer");
            return callback;
        }
        if (roll < 0.09)
        {
            callback.Cancel(queued.AddSeconds(30 + random.Next(300)), Actor.Supervisor, "duplicate request", "demo supervisor");
            return callback;
        }
        if (roll < 0.14)
        {
            callback.Complete(CompletionReason.TimedOut, callback.ExpiresAt, Actor.Engine, "no agent became free in time");
            return callback;
        }
        var unreachable = roll < 0.24;
        var attempts = unreachable ? 3 : 1 + (random.NextDouble() < 0.2 ? 1 : 0);
        var at = queued.AddSeconds(20 + random.Next(immediate ? 900 : 240));
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var agent = agents[random.Next(agents.Count)];
            callback.PositionAtDial ??= 1;
            callback.EwtAtDial ??= random.Next(30);
            callback.Claim(agent.Id, at, at.AddMinutes(2), agent.Name);
            var dial = callback.AddAttempt(callback.PhoneNumber, agentFirst: false, at);
            dial.Stage = AttemptStage.Finished;
            dial.SentAt = at;
            dial.ProviderCallId = $"CA{Guid.NewGuid():N}";
            var last = attempt == attempts;
            if (last && !unreachable)
            {
                dial.AnsweredAt = at.AddSeconds(8 + random.Next(20));
                dial.AnsweredBy = "human";
                dial.ConnectedAt = dial.AnsweredAt.Value.AddSeconds(3);
                dial.TalkSeconds = 90 + random.Next(600);
                dial.EndedAt = dial.ConnectedAt.Value.AddSeconds(dial.TalkSeconds.Value);
                dial.Result = DialResult.Person;
                callback.Connect(dial.ConnectedAt.Value, "consumer answered");
                callback.Disposition = Dispositions[random.Next(Dispositions.Length)];
                callback.Complete(CompletionReason.AgentConnected, dial.EndedAt.Value, Actor.Engine);
                return callback;
            }
            dial.Result = random.NextDouble() < 0.7 ? DialResult.NoAnswer : DialResult.Busy;
            dial.EndedAt = at.AddSeconds(30);
            if (last)
            {
                callback.Complete(CompletionReason.CustomerUnreachable, dial.EndedAt.Value, Actor.Engine, $"{attempts} attempts without an answer");
                return callback;
            }
            var retry = dial.EndedAt.Value.AddSeconds(service.RetryIntervalSeconds);
            callback.ScheduleRetry(retry, dial.EndedAt.Value, $"{dial.Result}; retry at {retry:u}");
            callback.Queue(retry, Actor.Engine);
            at = retry.AddSeconds(10 + random.Next(60));
        }
        return callback;
    }
}
