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
    /// Whether some process has the database open. Every connection to a WAL database (the app's idle pooled ones too) holds a
    /// shared lock on the "dead man switch" byte of the -shm file for as long as it is open; SQLite takes it exclusively only
    /// when it is the first or the last connection. So if that byte cannot be locked here, someone is connected.
    /// </summary>
    public static bool IsInUse(string path)
    {
        var shm = path + "-shm";
        // .NET cannot lock a byte range on macOS: there the operator's word that the app is stopped has to do.
        if (OperatingSystem.IsMacOS() || !File.Exists(shm))
        {
            return false;
        }
        using var file = new FileStream(shm, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            file.Lock(DeadManSwitchOffset, 1);
        }
        catch (IOException)
        {
            return true;
        }
        file.Unlock(DeadManSwitchOffset, 1);
        return false;
    }

    /// <summary>Where SQLite's unix VFS keeps the -shm lock that open connections share (UNIX_SHM_DMS: 120 + 8 lock bytes).</summary>
    private const long DeadManSwitchOffset = 128;

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
