using System.Globalization;

namespace CallbackPortal.Backup;

/// <summary>What a restore did.</summary>
public sealed record RestoreResult(string Copy, string Database, string? PreviousKeptAs, long? Callbacks);

/// <summary>
/// Puts a backup in place of the database while the app is stopped: the copy is checked first, a database still in use
/// is refused, and the database being replaced is kept beside it (with its write-ahead log, which may hold the last
/// commits of a crashed run) instead of deleted. The app migrates a copy made by an older version forward when it starts.
/// </summary>
public static class DatabaseRestore
{
    public static RestoreResult Restore(string copyPath, string databasePath, DateTimeOffset now)
    {
        var copy = Path.GetFullPath(copyPath);
        var database = Path.GetFullPath(databasePath);
        if (!File.Exists(copy))
        {
            throw new BackupException($"There is no backup at {copy}.");
        }
        var integrity = SqliteFile.IntegrityCheck(copy);
        if (integrity != "ok")
        {
            throw new BackupException($"{copy} failed SQLite's integrity check ({integrity}); the database was left as it is.");
        }
        var callbacks = SqliteFile.CountCallbacks(copy)
            ?? throw new BackupException($"{copy} is not a CallbackPortal database (it has no Callbacks table).");
        if (File.Exists(database) && SqliteFile.IsInUse(database))
        {
            throw new BackupException($"The database {database} is in use: stop the app (every node using it) and run the restore again.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var keptAs = MoveAside(database, now);
        var incoming = database + ".restoring";
        File.Copy(copy, incoming, overwrite: true);
        using (var connection = SqliteFile.Open(incoming))
        {
            // A copy made elsewhere (sqlite3 .backup, a file copy of a stopped database) may be in rollback mode; the app
            // first opens its database read-only, and a read-only connection cannot switch it to WAL.
            SqliteFile.Execute(connection, "PRAGMA journal_mode=WAL;");
        }
        File.Move(incoming, database);
        return new RestoreResult(copy, database, keptAs, callbacks);
    }

    /// <returns>Where the main file went, or null when there was none.</returns>
    private static string? MoveAside(string database, DateTimeOffset now)
    {
        var suffix = ".before-restore-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string? kept = null;
        foreach (var file in SqliteFile.WithCompanions(database).Where(File.Exists))
        {
            // database.db-wal becomes database.db.before-restore-…-wal, so the set still opens together.
            var aside = database + suffix + file[database.Length..];
            File.Move(file, aside);
            kept ??= file == database ? aside : null;
        }
        return kept;
    }
}
