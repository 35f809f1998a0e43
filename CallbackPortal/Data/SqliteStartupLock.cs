using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Data;

/// <summary>
/// EF Core guards SQLite migrations with a row in <c>__EFMigrationsLock</c> that the migrating process deletes when it is
/// done, and a process that finds the row waits for it to go, for ever. Every start-up migrates (even with nothing to
/// apply), so a process killed at that moment (a crash loop, an OOM kill, a pulled plug) would leave a database no later
/// start gets past. The start-up therefore first takes an OS lock on a file beside the database, which the OS releases
/// whenever its holder dies: holding it, no live process is migrating, so a lock row still there is a dead one's and goes.
/// </summary>
public static class SqliteStartupLock
{
    private const string LockTableExists = "SELECT COUNT(*) AS \"Value\" FROM \"sqlite_master\" WHERE \"type\" = 'table' AND \"name\" = '__EFMigrationsLock'";
    private const string DeleteLock = "DELETE FROM \"__EFMigrationsLock\"";

    /// <summary>Null for an in-memory database (nothing outlives its process).</summary>
    public static async Task<IAsyncDisposable?> HoldAsync(AppDbContext db, ILogger logger, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource.StartsWith(':'))
        {
            return null;
        }
        var file = await TakeAsync(builder.DataSource + ".start-up.lock", ct);
        try
        {
            var left = await db.Database.SqlQueryRaw<int>(LockTableExists).SingleAsync(ct) == 1
                && await db.Database.ExecuteSqlRawAsync(DeleteLock, ct) > 0;
            if (left)
            {
                logger.LogWarning("Removed the migration lock a process left when it died while starting");
            }
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the file for this process alone (.NET takes an exclusive <c>flock</c> on Unix), waiting while another process starts.</summary>
    private static async Task<FileStream> TakeAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}
