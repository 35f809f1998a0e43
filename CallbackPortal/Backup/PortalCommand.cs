using System.Globalization;
using CallbackPortal.Data;
using CallbackPortal.Hosting;
using Microsoft.Data.Sqlite;

namespace CallbackPortal.Backup;

/// <summary>
/// <c>backup PATH</c> and <c>restore PATH</c> on the command line, in place of serving: they read the same settings as the
/// app (the root appsettings.json, environment variables, <c>--Key=value</c> switches), so they find the same database.
/// Exit codes: 0 done, 1 refused or failed (the message says why), 2 used wrongly.
/// </summary>
public sealed record PortalCommand(string Name, string? Path, string[] Switches)
{
    public const string Backup = "backup";
    public const string Restore = "restore";

    /// <summary>The command the arguments ask for, or null when they ask the app to serve.</summary>
    public static PortalCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not (Backup or Restore))
        {
            return null;
        }
        var path = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
        return new PortalCommand(args[0], path, args[(path is null ? 1 : 2)..]);
    }

    public int Run(IConfiguration configuration, string contentRoot, TextWriter output, TextWriter error)
    {
        if (Path is null)
        {
            error.WriteLine($"Usage: CallbackPortal {Name} PATH   ({(Name == Backup ? "where to write the copy" : "the backup to put in place")})");
            return 2;
        }
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.UsesPostgres)
        {
            error.WriteLine($"{Name} handles the SQLite database only. On PostgreSQL use its own tools: "
                + "pg_dump --format=custom --file=portal.dump \"<connection>\" to back up, pg_restore --clean --dbname=\"<connection>\" portal.dump to restore.");
            return 2;
        }
        try
        {
            var live = DatabasePath(configuration, contentRoot, database.BusyTimeoutSeconds);
            output.WriteLine(Name == Backup ? Describe(DatabaseBackup.Copy(live, Path, database.BusyTimeoutSeconds)) : Describe(DatabaseRestore.Restore(Path, live, DateTimeOffset.UtcNow)));
            return 0;
        }
        catch (Exception e) when (e is BackupException or ConfigurationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{Name} failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>The database file, resolved exactly as the app resolves it (a relative path under the content root).</summary>
    private static string DatabasePath(IConfiguration configuration, string contentRoot, int busyTimeoutSeconds)
    {
        var configured = configuration.GetConnectionString("DefaultConnection");
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new ConfigurationException("ConnectionStrings:DefaultConnection is empty.");
        }
        var source = new SqliteConnectionStringBuilder(SqliteConnectionStrings.Prepare(configured, contentRoot, busyTimeoutSeconds)).DataSource;
        if (string.IsNullOrEmpty(source) || source.StartsWith(':') || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"ConnectionStrings:DefaultConnection names no database file ('{source}').");
        }
        return source;
    }

    private static string Describe(BackupResult r) => string.Create(CultureInfo.InvariantCulture,
        $"Backed up {r.Source} to {r.Copy}: {r.Pages} pages of {r.PageSize} bytes ({r.Bytes / 1024.0 / 1024.0:0.0} MB), {r.Callbacks} callbacks, integrity_check ok, in {r.Took.TotalSeconds:0.00} s.");

    private static string Describe(RestoreResult r) => string.Create(CultureInfo.InvariantCulture,
        $"Restored {r.Copy} ({r.Callbacks} callbacks, integrity_check ok) as {r.Database}.{(r.PreviousKeptAs is null ? "" : $" The database it replaced is kept as {r.PreviousKeptAs}.")} Start the app: it applies the migrations a copy from an older version lacks.");
}
