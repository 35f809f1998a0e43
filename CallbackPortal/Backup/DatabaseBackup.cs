using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CallbackPortal.Backup;

/// <summary>What a backup wrote.</summary>
public sealed record BackupResult(string Source, string Copy, long Pages, long PageSize, long? Callbacks, TimeSpan Took)
{
    public long Bytes => Pages * PageSize;
}

/// <summary>
/// A consistent copy of the SQLite database while the app runs, with SQLite's online backup API: the copy is one read
/// transaction's snapshot (the app keeps writing meanwhile; what it commits after the snapshot is simply not in the copy).
/// It is written under a temporary name, checked with <c>PRAGMA integrity_check</c>, and only then renamed to the name asked
/// for, so a file of that name is always whole. It stays in WAL mode like the database (the app opens its database read-only
/// first, which cannot switch a journal mode), and it is one file: the last connection to close folds its log back in.
/// </summary>
public static class DatabaseBackup
{
    public static BackupResult Copy(string databasePath, string copyPath, int busyTimeoutSeconds)
    {
        var source = Path.GetFullPath(databasePath);
        var target = Path.GetFullPath(copyPath);
        if (!File.Exists(source))
        {
            throw new BackupException($"There is no database at {source}; check ConnectionStrings:DefaultConnection.");
        }
        if (File.Exists(target))
        {
            throw new BackupException($"{target} exists already; give a new file name (a backup never overwrites).");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        var watch = Stopwatch.StartNew();
        try
        {
            long pages, pageSize;
            using (var from = SqliteFile.Open(source, SqliteOpenMode.ReadWrite, busyTimeoutSeconds))
            using (var to = SqliteFile.Open(partial, SqliteOpenMode.ReadWriteCreate, busyTimeoutSeconds))
            {
                from.BackupDatabase(to);
                pages = SqliteFile.Scalar(to, "PRAGMA page_count;");
                pageSize = SqliteFile.Scalar(to, "PRAGMA page_size;");
            }
            var integrity = SqliteFile.IntegrityCheck(partial);
            if (integrity != "ok")
            {
                throw new BackupException($"The copy failed SQLite's integrity check ({integrity}); nothing was written to {target}.");
            }
            var callbacks = SqliteFile.CountCallbacks(partial);
            File.Move(partial, target);
            return new BackupResult(source, target, pages, pageSize, callbacks, watch.Elapsed);
        }
        catch (SqliteException e)
        {
            throw new BackupException($"SQLite refused the backup: {e.Message}");
        }
        finally
        {
            foreach (var leftover in SqliteFile.WithCompanions(partial).Where(File.Exists))
            {
                File.Delete(leftover);
            }
        }
    }
}
