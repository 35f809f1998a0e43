using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CallbackPortal.Backup;

/// <summary>A backup or restore that cannot go on; its message is what the operator reads.</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary>One SQLite file as the backup and restore commands handle it: opened unpooled, so nothing keeps it open afterwards.</summary>
public static class SqliteFile
{
    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite, int busyTimeoutSeconds = 10)
    {
        // Microsoft.Data.Sqlite retries a busy statement until the command timeout: keep that as short as the busy timeout.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = Math.Max(1, busyTimeoutSeconds),
        }.ToString());
        connection.Open();
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={busyTimeoutSeconds * 1000};"));
        return connection;
    }

    /// <summary>SQLite's own check of every page and index: "ok", or the problems it found.</summary>
    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var lines = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }
        }
        return string.Join("; ", lines);
    }

    /// <summary>The number of callbacks the file holds (null when it has no callbacks table: not a CallbackPortal database).</summary>
    public static long? CountCallbacks(string path)
    {
        using var connection = Open(path);
        try
        {
            return Scalar(connection, "SELECT count(*) FROM \"Callbacks\";");
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether some process has the database open. Every connection of the running app (an idle pooled one too) holds a
    /// shared lock while the file is in WAL mode, so exclusive locking fails at once while the app runs, and only then.
    /// </summary>
    public static bool IsInUse(string path)
    {
        try
        {
            using var connection = Open(path, busyTimeoutSeconds: 0);
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            return true;
        }
    }

    /// <summary>The main file and the write-ahead log and shared-memory files SQLite keeps beside it.</summary>
    public static IEnumerable<string> WithCompanions(string path) => [path, path + "-wal", path + "-shm", path + "-journal"];

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
