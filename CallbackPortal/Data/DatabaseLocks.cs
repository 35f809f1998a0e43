using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallbackPortal.Data;

/// <summary>
/// Makes transactions that decide about the same thing (a service's throttles and queue, a pool of access numbers, a
/// widget session's cap) take turns across every node. SQLite admits one writer at a time, so there its write transaction
/// already does; on PostgreSQL each such transaction first takes a transaction-scoped advisory lock on the thing's key,
/// released by its commit or rollback. Counting then happens after the lock, so two nodes can never both count under a limit.
/// </summary>
public static class DatabaseLocks
{
    /// <summary>Takes the lock of each key in a fixed order (two transactions never wait on each other crosswise).</summary>
    public static void TakeTurn(this AppDbContext db, string scope, params IEnumerable<string> keys)
    {
        if (!db.IsPostgres())
        {
            return;
        }
        foreach (var key in keys.Select(k => KeyOf(scope, k)).Distinct().Order())
        {
            db.Database.ExecuteSql($"SELECT pg_advisory_xact_lock({key})");
        }
    }

    /// <inheritdoc cref="TakeTurn(AppDbContext, string, IEnumerable{string})"/>
    public static async Task TakeTurnAsync(this AppDbContext db, string scope, IEnumerable<string> keys, CancellationToken ct)
    {
        if (!db.IsPostgres())
        {
            return;
        }
        foreach (var key in keys.Select(k => KeyOf(scope, k)).Distinct().Order())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
        }
    }

    /// <summary>A stable 64-bit key of a scope and a name (the same on every node and across restarts).</summary>
    public static long KeyOf(string scope, string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)), 0);

    /// <summary>
    /// Holds a session advisory lock on its own connection until disposed, for one-off work spread over several
    /// transactions (start-up, demo seeding) that two nodes starting together must not do at once. Nothing on SQLite
    /// (<paramref name="postgres"/> null): one node.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldAsync(Hosting.PostgresConnectionString? postgres, string scope, CancellationToken ct)
    {
        if (postgres is null)
        {
            return NotHeld.Instance;
        }
        var connection = new NpgsqlConnection(postgres.Value);
        try
        {
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
            take.Parameters.AddWithValue("key", KeyOf(scope, "session"));
            await take.ExecuteNonQueryAsync(ct);
            return new Held(connection, KeyOf(scope, "session"));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                release.Parameters.AddWithValue("key", key);
                await release.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing the session releases its locks in any case.
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class NotHeld : IAsyncDisposable
    {
        public static readonly NotHeld Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
