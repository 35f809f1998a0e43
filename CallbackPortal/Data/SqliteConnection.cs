using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CallbackPortal.Data;

public static class SqliteConnectionStrings
{
    /// <summary>Makes a relative <c>Data Source</c> absolute under the content root and creates its folder.</summary>
    public static string Prepare(string connectionString, string contentRoot, int busyTimeoutSeconds)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrWhiteSpace(builder.DataSource)
            && !builder.DataSource.StartsWith(':') && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
            builder.DataSource = path;
        }
        builder.DefaultTimeout = busyTimeoutSeconds;
        return builder.ToString();
    }
}

/// <summary>
/// WAL journal, NORMAL sync and a busy timeout on every connection the app opens. The settings belong to the
/// underlying SQLite connection, which the pool keeps open and hands out again: they are set once per physical
/// connection, not on every open, so a query costs one command, not two.
/// </summary>
public sealed class SqlitePragmas(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = [];

    private readonly string pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busyTimeoutSeconds * 1000}; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsPrepared(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
        MarkPrepared(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsPrepared(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkPrepared(connection);
    }

    private static bool IsPrepared(DbConnection connection) => connection is SqliteConnection { Handle: { } handle } && Prepared.TryGetValue(handle, out _);

    private static void MarkPrepared(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Prepared.AddOrUpdate(handle, handle);
        }
    }
}
