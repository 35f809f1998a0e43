using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

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
}
