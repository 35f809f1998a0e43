using System.Diagnostics;
using System.Globalization;
using CallbackPortal.Access;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// The callback list's first page with a million callbacks in a SQLite file: the server's work for one page
/// (<see cref="CallbackSearch.SearchAsync"/>: the page of rows and the capped count) for typical filter and sort combinations.
/// </summary>
public static class ListBenchmark
{
    private static readonly DateTimeOffsetToBinaryConverter Time = new();
    private static readonly string[] FirstNames = ["Anna", "Ben", "Carla", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas"];
    private static readonly string[] LastNames = ["Smith", "Müller", "Garcia", "Rossi", "Novak", "Jensen", "Silva", "Kowalski", "Dubois", "Berg"];

    /// <summary><c>list [callbacks] [runs] [keep.db]</c>: with a path, the seeded file is kept there and reused by the next run.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var keep = args.Length > 2 ? args[2] : null;
        await using var created = keep is not null && File.Exists(keep) ? null : await TestDatabase.CreateAsync();
        IDbContextFactory<AppDbContext> database = created is null
            ? new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={keep}").Options)
            : created;
        var now = DateTimeOffset.UtcNow;
        Guid[] services;
        if (created is not null)
        {
            var watch = Stopwatch.StartNew();
            services = await SeedAsync(created, count, now);
            Console.WriteLine($"seeded {count:N0} callbacks in {watch.Elapsed.TotalSeconds:F1} s");
            await using var db = created.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            if (keep is not null)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
                File.Copy(created.Path, keep);
            }
        }
        else
        {
            await using var db = await database.CreateDbContextAsync();
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            services = [.. await db.CallbackServices.OrderBy(s => s.Key).Select(s => s.Id).ToListAsync()];
            count = await db.Callbacks.CountAsync();
            // A reused file's callbacks keep the times they were seeded with: measure at that moment.
            now = (await db.SystemFlags.SingleAsync(f => f.Key == SeededAt)).SetAt;
        }

        var search = new CallbackSearch(database, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        var everyone = new ListReader(new PortalActor("bench", "bench", ServiceScope.Everything), MayManage: true);
        var limited = new ListReader(new PortalActor("bench", "bench", new ServiceScope(new HashSet<Guid> { services[1], services[2] })), MayManage: false);
        var phone = await SomePhoneAsync(database);
        (string Name, ListReader Reader, CallbackFilter Filter)[] cases =
        [
            ("last 7 days, by desired time ↓ (the default)", everyone, new CallbackFilter()),
            ("last 30 days, Completed + TimedOut, by desired time ↓", everyone, new CallbackFilter
                { Preset = DatePreset.Last30Days, States = [CallbackState.Completed], Reasons = [CompletionReason.TimedOut] }),
            ("last 24 h, one service, by name ↑", everyone, new CallbackFilter { Preset = DatePreset.Last24Hours, Services = [services[0]], Sort = CallbackSort.Name, Descending = false }),
            ("next 7 days, Scheduled, by desired time ↑", everyone, new CallbackFilter { Preset = DatePreset.Next7Days, States = [CallbackState.Scheduled], Descending = false }),
            ("last 30 days, Queued (none that old), by desired time ↓", everyone, new CallbackFilter { Preset = DatePreset.Last30Days, States = [CallbackState.Queued] }),
            ("last 30 days, a phone number", everyone, new CallbackFilter { Preset = DatePreset.Last30Days, Phone = phone }),
            ("last 7 days, text \"garcia\", by created ↓", everyone, new CallbackFilter { Text = "garcia", Sort = CallbackSort.CreatedAt }),
            ("limited to 2 services, last 7 days, by desired time ↓", limited, new CallbackFilter()),
            ("last 24 h, by attempts ↓", everyone, new CallbackFilter { Preset = DatePreset.Last24Hours, Sort = CallbackSort.Attempts }),
            ("last 24 h, text \"garcia\", by desired time ↓", everyone, new CallbackFilter { Preset = DatePreset.Last24Hours, Text = "garcia" }),
        ];

        Console.WriteLine();
        Console.WriteLine($"| first page of 50 ({count:N0} callbacks, SQLite, {Environment.ProcessorCount} cores) | runs | count | p50 | p99 | max | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, reader, filter) in cases)
        {
            var ms = new List<double>(runs);
            CallbackPage? page = null;
            for (var i = 0; i < runs + 5; i++)
            {
                var started = Stopwatch.GetTimestamp();
                page = await search.SearchAsync(reader, filter, 0, 50, CancellationToken.None);
                if (i >= 5)
                {
                    ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            ms.Sort();
            Console.WriteLine($"| {name} | {runs} | {page!.CountText} | {DispatchBenchmark.Percentile(ms, 0.50):F1} ms | {DispatchBenchmark.Percentile(ms, 0.99):F1} ms | {ms[^1]:F1} ms | p99 ≤ 100 ms |");
        }
        return 0;
    }

    private const string SeededAt = "list-benchmark-seeded-at";

    private static async Task<string> SomePhoneAsync(IDbContextFactory<AppDbContext> database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Callbacks.OrderBy(c => c.DesiredTime).Skip(900_000 % Math.Max(await db.Callbacks.CountAsync(), 1)).Select(c => c.PhoneNumber).FirstAsync();
    }

    /// <summary>Five services and <paramref name="count"/> callbacks over the last 90 days and the next 7, mostly completed, in one transaction.</summary>
    private static async Task<Guid[]> SeedAsync(TestDatabase database, int count, DateTimeOffset now)
    {
        var services = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < services.Length; i++)
            {
                db.CallbackServices.Add(new CallbackService { Id = services[i], Key = $"service-{i}", Name = $"Service {i}", DefaultCountry = "US", CreatedAt = now });
            }
            db.SystemFlags.Add(new SystemFlag { Key = SeededAt, Value = "", SetAt = now });
            await db.SaveChangesAsync();
        }
        await using var connection = new SqliteConnection($"Data Source={database.Path}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // A big page cache keeps the random-order indexes (id, number) in memory while a million rows go in.
            pragma.CommandText = "PRAGMA cache_size = -300000; PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Callbacks (Id, ServiceId, State, Reason, PhoneNumber, FirstName, LastName, Email, Notes, UserData, IsImmediate, DesiredTime,
                Priority, CreatedAt, DueAt, WaitingSince, ExpiresAt, CompletedAt, AccessTokenHash, AttemptCount, PreviewRejects, RejectedByAgents, Version)
            VALUES ($id, $service, $state, $reason, $phone, $first, $last, $email, $notes, $data, $immediate, $desired,
                0, $created, $desired, $created, $expires, $completed, '', $attempts, 0, '[]', 1)
            """;
        var names = new[] { "$id", "$service", "$state", "$reason", "$phone", "$first", "$last", "$email", "$notes", "$data", "$immediate", "$desired", "$created", "$expires", "$completed", "$attempts" };
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        insert.Prepare();
        var random = new Random(42);
        var span = TimeSpan.FromDays(97).Ticks;
        for (var i = 0; i < count; i++)
        {
            // In time order (as they would have arrived), so most indexes grow at their end.
            var desired = now.AddDays(-90).AddTicks(span / count * i + random.Next(0, 600) * TimeSpan.TicksPerSecond);
            var created = desired.AddMinutes(-random.Next(0, 3 * 24 * 60));
            var (state, reason) = desired > now ? (CallbackState.Scheduled, (CompletionReason?)null)
                : desired > now.AddMinutes(-30) ? (CallbackState.Queued, null)
                : (CallbackState.Completed, Reason(random.Next(100)));
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            p["$id"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
            p["$service"].Value = services[random.Next(services.Length)].ToString().ToUpperInvariant();
            p["$state"].Value = state.ToString();
            p["$reason"].Value = (object?)reason?.ToString() ?? DBNull.Value;
            p["$phone"].Value = string.Create(CultureInfo.InvariantCulture, $"+1202555{random.Next(0, 1_000_000):D6}");
            p["$first"].Value = first;
            p["$last"].Value = last;
            p["$email"].Value = $"{first}.{last}{i}@example.com".ToLowerInvariant();
            p["$notes"].Value = random.Next(4) == 0 ? "asked about the invoice" : DBNull.Value;
            p["$data"].Value = string.Create(CultureInfo.InvariantCulture, $"{{\"order\":\"A{i}\"}}");
            p["$immediate"].Value = random.Next(3) == 0 ? 1 : 0;
            p["$desired"].Value = Time.ConvertToProvider(desired);
            p["$created"].Value = Time.ConvertToProvider(created);
            p["$expires"].Value = Time.ConvertToProvider(desired.AddHours(4));
            p["$completed"].Value = state == CallbackState.Completed ? Time.ConvertToProvider(desired.AddMinutes(random.Next(1, 60))) : DBNull.Value;
            p["$attempts"].Value = state == CallbackState.Completed ? random.Next(1, 4) : 0;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return services;
    }

    private static CompletionReason Reason(int roll) => roll switch
    {
        < 80 => CompletionReason.AgentConnected,
        < 87 => CompletionReason.Cancelled,
        < 92 => CompletionReason.TimedOut,
        < 97 => CompletionReason.CustomerUnreachable,
        _ => CompletionReason.CancelledByAdmin,
    };
}
