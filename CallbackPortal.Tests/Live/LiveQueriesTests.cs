using System.Data.Common;
using System.Text.RegularExpressions;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Live;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.Live;

/// <summary>The live figures against known callbacks: exact counts per service and in total, each service's own day, indexes only.</summary>
public sealed class LiveQueriesTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private LiveSeed seed = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        seed = new LiveSeed(database);
        await seed.SeedAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task CountsEachServicesCallbacksByStateInItsOwnDay()
    {
        var snapshot = await seed.Queries.ComputeAsync(CancellationToken.None);

        Assert.Equal(["Billing", "Sales", "Support"], snapshot.Services.Select(s => s.Name));
        var support = Figures(snapshot, "support");
        Assert.Equal((3, 1, 3, 1, 1, 1), (support.ScheduledNextHour, support.ScheduledLaterToday, support.Queued, support.Paused, support.Routing, support.Processing));
        Assert.Equal(new Dictionary<CompletionReason, int> { [CompletionReason.AgentConnected] = 2, [CompletionReason.Cancelled] = 1, [CompletionReason.TimedOut] = 1 }, support.CompletedToday);
        var sales = Figures(snapshot, "sales");
        Assert.Equal((0, 2, 1, 0, 0, 0), (sales.ScheduledNextHour, sales.ScheduledLaterToday, sales.Queued, sales.Paused, sales.Routing, sales.Processing));
        Assert.Equal(new Dictionary<CompletionReason, int> { [CompletionReason.AgentConnected] = 1, [CompletionReason.CancelledByAdmin] = 1 }, sales.CompletedToday);
        var billing = Figures(snapshot, "billing");
        Assert.Equal((0, 0, 0, 0, 0), (billing.ScheduledNextHour + billing.ScheduledLaterToday, billing.Queued, billing.Routing, billing.CompletedTodayTotal, billing.ConnectedToday));
        Assert.Null(billing.OldestWaitingSince);
    }

    [Fact]
    public async Task EstimatesWaitsAgentsAndThePromiseKept()
    {
        var snapshot = await seed.Queries.ComputeAsync(CancellationToken.None);

        var (support, sales, billing) = (Figures(snapshot, "support"), Figures(snapshot, "sales"), Figures(snapshot, "billing"));
        // Support: 4th in line, three agents logged in with the skill, 180 s handle + 30 s wrap-up: 4 × 210 ÷ 3.
        Assert.Equal((280, 210, -1), (support.EwtSeconds, sales.EwtSeconds, billing.EwtSeconds));
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2)), (snapshot.OldestWait(support), snapshot.OldestWait(sales)));
        Assert.Equal(new AgentCounts(1, 1, 1, 0), support.Agents);
        Assert.Equal(new AgentCounts(0, 0, 1, 1), sales.Agents);
        Assert.Equal(AgentCounts.None, billing.Agents);
        Assert.Equal((3, 2, 1, 1), (support.ConnectedToday, support.PromiseKeptToday, sales.ConnectedToday, sales.PromiseKeptToday));
        Assert.Equal(2.0 / 3, support.PromiseKeptShare);
        Assert.Null(billing.PromiseKeptShare);
    }

    [Fact]
    public async Task TheLastHourIsCountedPerClockMinute()
    {
        var snapshot = await seed.Queries.ComputeAsync(CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 14, 1, 0, TimeSpan.Zero), snapshot.FirstMinute);
        var support = Figures(snapshot, "support");
        Assert.Equal([49, 54, 55, 58], Minutes(support.CreatedLastHour));
        Assert.Equal([19, 56], Minutes(support.ConnectedLastHour));
        Assert.Equal([57], Minutes(Figures(snapshot, "sales").CreatedLastHour));
        Assert.Equal([49, 54, 55, 57, 58], Minutes(snapshot.Totals.CreatedLastHour));
    }

    [Fact]
    public async Task TotalsSumTheServicesAndCountEachAgentOnce()
    {
        var totals = (await seed.Queries.ComputeAsync(CancellationToken.None)).Totals;

        Assert.Equal((3, 3, 4, 1, 1, 1), (totals.ScheduledNextHour, totals.ScheduledLaterToday, totals.Queued, totals.Paused, totals.Routing, totals.Processing));
        Assert.Equal(6, totals.CompletedTodayTotal);
        Assert.Equal(3, totals.CompletedToday[CompletionReason.AgentConnected]);
        Assert.Equal((4, 3), (totals.ConnectedToday, totals.PromiseKeptToday));
        // Bob holds both services' skills and counts once; Dee holds no service's skills at its level.
        Assert.Equal(new AgentCounts(1, 1, 1, 1), totals.Agents);
        Assert.Equal(280, totals.EwtSeconds);
        Assert.Equal(seed.Now.AddMinutes(-10), totals.OldestWaitingSince);
    }

    [Fact]
    public async Task AUserLimitedToAServiceSeesItAloneAndTotalsOverIt()
    {
        var snapshot = (await seed.Queries.ComputeAsync(CancellationToken.None)).For(LimitedUser.Actor(seed.Sales.Id).Scope);

        Assert.Equal(["sales"], snapshot.Services.Select(s => s.Key));
        Assert.Equal((1, 2, 2, 210), (snapshot.Totals.Queued, snapshot.Totals.ScheduledLaterToday, snapshot.Totals.CompletedTodayTotal, snapshot.Totals.EwtSeconds));
        Assert.Equal(new AgentCounts(0, 0, 1, 1), snapshot.Totals.Agents);
    }

    [Fact]
    public async Task TheDayMovesWithTheClock()
    {
        // 05:00 UTC next day: a new day in UTC (and in New York from 05:00 UTC): nothing completed "today" any more.
        seed.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero));

        var totals = (await seed.Queries.ComputeAsync(CancellationToken.None)).Totals;

        Assert.Equal((0, 0, 0), (totals.CompletedTodayTotal, totals.ConnectedToday, totals.CreatedLastHour.Sum()));
        Assert.Equal(4, totals.Queued);
    }

    [Fact]
    public async Task ReadsCallbacksOnlyThroughIndexes()
    {
        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={database.Path}").AddInterceptors(recorder).Options;
        var queries = new LiveQueries(new Factory(options), seed.Clock, new WaitTimes(Options.Create(new EngineOptions())));

        await queries.ComputeAsync(CancellationToken.None);

        var scans = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={database.Path}");
        await connection.OpenAsync();
        foreach (var command in recorder.Commands.Where(c => c.Sql.Contains("FROM \"Callbacks\"", StringComparison.Ordinal)))
        {
            var aliases = Regex.Matches(command.Sql, "FROM \"Callbacks\" AS \"(\\w+)\"").Select(m => m.Groups[1].Value).ToHashSet();
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
            foreach (var (name, value) in command.Parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                var detail = plan.GetString(3);
                if (aliases.Any(a => detail.StartsWith($"SCAN {a}", StringComparison.Ordinal)))
                {
                    scans.Add($"{detail}  <=  {command.Sql}");
                }
            }
        }
        Assert.True(recorder.Commands.Count(c => c.Sql.Contains("FROM \"Callbacks\"", StringComparison.Ordinal)) >= 8);
        Assert.True(scans.Count == 0, string.Join("\n\n", scans));
    }

    private static LiveFigures Figures(LiveSnapshot snapshot, string key) => snapshot.Services.Single(s => s.Key == key).Figures;

    private static int[] Minutes(IReadOnlyList<int> series) => [.. Enumerable.Range(0, series.Count).Where(i => series[i] > 0)];

    private sealed class Factory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options);
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Sql, List<(string, object?)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
