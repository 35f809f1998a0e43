using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Data;

/// <summary>Keeps the SQLite write-ahead log from growing without bound between automatic checkpoints.</summary>
public sealed class DatabaseMaintenance(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task CheckpointAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
    }
}
