using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PhoneNumbers;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// Creates through the public API with every protection rule on (number validity and types, permitted countries,
/// blocked prefix, wildcard and regex patterns, per-number, per-service and keyed throttles, duplicate check,
/// office hours, watermark), over HTTP to the whole app (SQLite file, Hangfire in process): the most creates per
/// second, the latency at half that rate, and the same row inserted bare through Microsoft.Data.Sqlite for the floor.
/// </summary>
public static class IntakeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var numbers = ValidNumbers(400_000);

        await using var host = new PortalHost(jobServer: true, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["PublicApi:RateLimitPermits"] = "1000000",
        });
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await AddServiceAsync(factory);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = host.BaseAddress };
        var next = -1;
        string NextBody() => Body(numbers[Interlocked.Increment(ref next) % numbers.Count]);

        await ClosedLoopAsync(http, NextBody, concurrency, TimeSpan.FromSeconds(3));
        var (created, refused, elapsed) = await ClosedLoopAsync(http, NextBody, concurrency, TimeSpan.FromSeconds(seconds));
        var rate = created / elapsed.TotalSeconds;
        var answered = new System.Collections.Concurrent.ConcurrentQueue<double>();
        await OpenLoopAsync(http, NextBody, rate / 2, TimeSpan.FromSeconds(seconds), (_, ms) => answered.Enqueue(ms));
        var latencies = answered.ToList();
        var floor = await BareInsertRateAsync(host.DatabasePath, TimeSpan.FromSeconds(seconds / 2.0));

        latencies.Sort();
        Console.WriteLine();
        Console.WriteLine($"| measure (SQLite, {Environment.ProcessorCount} cores, client in the same machine) | value | target |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| creates per second, all rules on ({concurrency} clients, {seconds} s; {refused} refused) | {rate:F0}/s | ≥ 1,000/s |");
        Console.WriteLine($"| latency at half that rate ({latencies.Count} requests at {rate / 2:F0}/s): p50 | {DispatchBenchmark.Percentile(latencies, 0.50):F1} ms | |");
        Console.WriteLine($"| latency at half that rate: p99 | {DispatchBenchmark.Percentile(latencies, 0.99):F1} ms | ≤ 50 ms |");
        Console.WriteLine($"| bare insert of the same row (Microsoft.Data.Sqlite, one transaction each) | {floor:F0}/s | |");
        Console.WriteLine($"| product ÷ storage floor | {rate / floor:P1} | |");
        return 0;
    }

    /// <summary><paramref name="concurrency"/> clients each posting the next create as soon as the last one is answered: the most creates per second.</summary>
    internal static async Task<(int Created, int Refused, TimeSpan Elapsed)> ClosedLoopAsync(HttpClient http, Func<string> body, int concurrency, TimeSpan duration)
    {
        var created = 0;
        var refused = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (watch.Elapsed < duration)
            {
                using var response = await PostAsync(http, body());
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref created);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        return (created, refused, watch.Elapsed);
    }

    /// <summary>
    /// Requests started on a fixed schedule whatever the answers do, so slow answers show as latency rather than as a
    /// lower rate. <paramref name="answered"/> gets each status (null when the request failed without an answer) and
    /// its latency in milliseconds.
    /// </summary>
    internal static async Task OpenLoopAsync(HttpClient http, Func<string> body, double perSecond, TimeSpan duration, Action<HttpStatusCode?, double> answered)
    {
        var total = (long)(perSecond * duration.TotalSeconds);
        var watch = Stopwatch.StartNew();
        var running = new List<Task>();
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            running.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                HttpStatusCode? status = null;
                try
                {
                    using var response = await PostAsync(http, body());
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                    // The client's timeout: no answer in time counts as a failed request.
                }
                answered(status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }));
        }
        await Task.WhenAll(running);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body) =>
        http.PostAsync("/api/v1/services/bench/callbacks", new StringContent(body, Encoding.UTF8, "application/json"));

    internal static string Body(string number) =>
        $$$"""{"phoneNumber":"{{{number}}}","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","notes":"about my order","language":"en-US","userData":{"orderId":"A-17","page":"/checkout"}}""";

    /// <summary>The floor: the same callback row and its two timeline rows inserted with plain commands, one transaction per callback.</summary>
    private static async Task<double> BareInsertRateAsync(string databasePath, TimeSpan duration)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Default Timeout=10");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }
        var serviceId = await ScalarAsync(connection, "SELECT Id FROM CallbackServices WHERE Key = 'bench'");
        var template = await ScalarAsync(connection, "SELECT Id FROM Callbacks LIMIT 1");
        var columns = await ColumnsAsync(connection, "Callbacks");
        var eventColumns = (await ColumnsAsync(connection, "CallbackEvents")).Where(c => c != "Id").ToList();
        var insert = $"INSERT INTO Callbacks ({string.Join(",", columns)}) SELECT {string.Join(",", columns.Select(c => c == "Id" ? "$id" : c == "PhoneNumber" ? "$phone" : c))} FROM Callbacks WHERE Id = $template";
        var insertEvent = $"INSERT INTO CallbackEvents ({string.Join(",", eventColumns)}) SELECT {string.Join(",", eventColumns.Select(c => c == "CallbackId" ? "$id" : c))} FROM CallbackEvents WHERE CallbackId = $template";
        var count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            var id = Guid.NewGuid().ToString().ToUpperInvariant();
            foreach (var sql in new[] { insert, insertEvent })
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$phone", $"+1999{count:0000000}");
                command.Parameters.AddWithValue("$template", template);
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            count++;
        }
        _ = serviceId;
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<object> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No row for: {sql}");
    }

    private static async Task<List<string>> ColumnsAsync(SqliteConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    /// <summary>The service every create goes to, with every protection rule on; <paramref name="configure"/> changes it before it is stored.</summary>
    internal static async Task AddServiceAsync(IDbContextFactory<AppDbContext> factory, Action<CallbackService>? configure = null)
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(), Key = "bench", Name = "bench", CallerId = "+12025550100", MaxQueued = 10_000_000,
            RequiredSkills = [new RequiredSkill { Skill = "bench" }], Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            Captcha = new CaptchaSettings { Provider = CaptchaProvider.Off }, CreatedAt = DateTimeOffset.UtcNow,
            Rules = new ServiceRules
            {
                PermittedCountries = ["US", "CA", "GB"],
                BlockedPatterns =
                [
                    new BlockedPattern { Kind = PatternKind.Prefix, Pattern = "+1900" },
                    new BlockedPattern { Kind = PatternKind.Wildcard, Pattern = "+4470*" },
                    new BlockedPattern { Kind = PatternKind.Regex, Pattern = @"^\+1(976|809)\d{7}$" },
                ],
                // Raised so that the benchmark's own volume passes: the windows are still counted on every request.
                ServiceThrottles = [new ThrottleLimit { Limit = 10_000_000, WindowSeconds = 300 }, new ThrottleLimit { Limit = 10_000_000, WindowSeconds = 3600 }],
                KeyedThrottle = new KeyedThrottle { Source = ThrottleKeySource.Field, Name = "email", Limit = 10_000_000, WindowSeconds = 3600 },
            },
        };
        configure?.Invoke(service);
        await using var db = await factory.CreateDbContextAsync();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
    }

    /// <summary>Distinct valid US numbers, so the per-number throttle and duplicate check pass as they would for real consumers.</summary>
    internal static List<string> ValidNumbers(int count)
    {
        var util = PhoneNumberUtil.GetInstance();
        var result = new List<string>(count);
        foreach (var area in new[] { 202, 212, 312, 415, 617, 305, 512, 206 })
        {
            for (var exchange = 234; exchange < 999 && result.Count < count; exchange++)
            {
                var probe = util.Parse($"+1{area}{exchange}0100", "US");
                if (!util.IsValidNumber(probe))
                {
                    continue;
                }
                for (var line = 100; line < 10_000 && result.Count < count; line += 97)
                {
                    result.Add($"+1{area}{exchange}{line:0000}");
                }
            }
        }
        var random = new Random(42);
        return [.. result.OrderBy(_ => random.Next())];
    }

}
