using CallbackPortal.Engine;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Engine;

/// <summary>
/// Each dispatch round reads the head of the queue. Read in index order it stops after a batch; sorted, it reads every
/// queued callback every round, and a long queue (a backlog after a busy minute) made dispatch slower and the queue longer.
/// </summary>
public sealed class QueueHeadPlanTests
{
    [Fact]
    public async Task TheQueueHeadIsReadInIndexOrderWithoutSortingTheQueue()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using var db = database.CreateDbContext();
        var sql = CallbackDispatcher.QueueHead(db, 200).ToQueryString();

        var plan = await PlanAsync(database.Path, sql);

        Assert.Contains(plan, line => line.Contains("IX_Callbacks_State_Priority_WaitingSince", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>SQLite's plan for EF's query text (its <c>.param set</c> lines become parameters).</summary>
    private static async Task<List<string>> PlanAsync(string path, string queryString)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        var lines = queryString.Split('\n');
        foreach (var parameter in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = parameter.Trim().Split(' ', 4);
            explain.Parameters.AddWithValue(parts[2], parts[3].Trim('\''));
        }
        explain.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }
}
