using System.Diagnostics;
using System.Globalization;
using CallbackPortal.Access;
using CallbackPortal.Lifecycle;
using CallbackPortal.Reports;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// The widget funnel report over a SQLite file of widget sessions (about four lifecycle events each, spread over the last
/// 90 days, three services): the server's work for the Widget funnel tab (<see cref="WidgetFunnelReport.RunAsync"/>).
/// </summary>
public static class FunnelBenchmark
{
    private static readonly DateTimeOffsetToBinaryConverter Time = new();
    private static readonly string[] Steps = [WidgetEventNames.Ready, WidgetEventNames.Opened, WidgetEventNames.Started, WidgetEventNames.Submitted, WidgetEventNames.Completed, WidgetEventNames.Closed];

    /// <summary><c>funnel [sessions] [runs]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        await using var database = await TestDatabase.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var (services, events) = await SeedAsync(database, count, now);
        Console.WriteLine($"seeded {count:N0} sessions ({events:N0} events) in {watch.Elapsed.TotalSeconds:F1} s");
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        var report = new WidgetFunnelReport(database);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        (string Name, ReportFilter Filter)[] cases =
        [
            ("today by hour, all services", new ReportFilter(today, today, null, ReportGranularity.Hour)),
            ("last 7 days by day, all services (the default)", new ReportFilter(today.AddDays(-6), today)),
            ("last 30 days by day, all services", new ReportFilter(today.AddDays(-29), today)),
            ("last 30 days by day, one service", new ReportFilter(today.AddDays(-29), today, [services[0]])),
            ("last 90 days by day, all services", new ReportFilter(today.AddDays(-89), today)),
        ];
        Console.WriteLine();
        Console.WriteLine($"| widget funnel ({count:N0} sessions, {events:N0} events, SQLite, {Environment.ProcessorCount} cores) | runs | sessions counted | p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, filter) in cases)
        {
            var ms = new List<double>(runs);
            FunnelReport? result = null;
            for (var i = 0; i < runs + 2; i++)
            {
                var started = Stopwatch.GetTimestamp();
                result = await report.RunAsync(PortalActor.System, filter, CancellationToken.None);
                if (i >= 2)
                {
                    ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            ms.Sort();
            Console.WriteLine($"| {name} | {runs} | {result!.Totals.Sessions:N0} | {DispatchBenchmark.Percentile(ms, 0.50):F0} ms | {DispatchBenchmark.Percentile(ms, 0.99):F0} ms | {ms[^1]:F0} ms |");
        }
        return 0;
    }

    /// <summary>Three services and <paramref name="count"/> sessions in time order over the last 90 days, in one transaction.</summary>
    private static async Task<(Guid[] Services, int Events)> SeedAsync(TestDatabase database, int count, DateTimeOffset now)
    {
        var services = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < services.Length; i++)
            {
                db.CallbackServices.Add(new CallbackService { Id = services[i], Key = $"service-{i}", Name = $"Service {i}", DefaultCountry = "US", CreatedAt = now });
            }
            await db.SaveChangesAsync();
        }
        await using var connection = new SqliteConnection($"Data Source={database.Path}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -300000; PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO WidgetEvents (ServiceId, SessionId, Event, At, ReceivedAt, CallbackId, Metadata, CaptchaShown, Proactive, SubmitAttempts, ValidationErrors)
            VALUES ($service, $session, $event, $at, $at, $callback, $metadata, $captcha, $proactive, $attempts, $errors)
            """;
        var names = new[] { "$service", "$session", "$event", "$at", "$callback", "$metadata", "$captcha", "$proactive", "$attempts", "$errors" };
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        insert.Prepare();
        var random = new Random(7);
        var span = TimeSpan.FromDays(90).Ticks;
        var events = 0;
        for (var i = 0; i < count; i++)
        {
            var at = now.AddDays(-90).AddTicks(span / count * i);
            // Half only load a page with the widget; a quarter open it; a tenth submit and get a callback.
            var reached = random.Next(100) switch { < 50 => 1, < 70 => 2, < 85 => 3, < 90 => 4, _ => 5 };
            var callback = reached == 5 ? Guid.NewGuid().ToString().ToUpperInvariant() : null;
            var captcha = reached >= 3 && random.Next(2) == 0;
            p["$service"].Value = services[random.Next(services.Length)].ToString().ToUpperInvariant();
            p["$session"].Value = "w-" + i.ToString("x12", CultureInfo.InvariantCulture);
            p["$proactive"].Value = random.Next(5) == 0 ? 1 : 0;
            var steps = reached >= 2 ? Steps.Take(reached).Append(WidgetEventNames.Closed).Distinct() : Steps.Take(1);
            foreach (var step in steps)
            {
                at = at.AddSeconds(2 + random.Next(40));
                var submitted = step is WidgetEventNames.Submitted or WidgetEventNames.Completed or WidgetEventNames.Closed && reached >= 4;
                p["$event"].Value = step;
                p["$at"].Value = Time.ConvertToProvider(at);
                p["$callback"].Value = (object?)callback ?? DBNull.Value;
                p["$metadata"].Value = """{"flags":{"immediate":true},"counters":{"opened":1}}""";
                p["$captcha"].Value = captcha && step != WidgetEventNames.Ready ? 1 : 0;
                p["$attempts"].Value = submitted ? 1 : DBNull.Value;
                p["$errors"].Value = submitted ? random.Next(2) : DBNull.Value;
                await insert.ExecuteNonQueryAsync();
                events++;
            }
        }
        await transaction.CommitAsync();
        return (services, events);
    }
}
