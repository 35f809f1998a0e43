using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Hosting;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (one node, the default) or <c>Postgres</c> (one or several nodes sharing one database).</summary>
    [AllowedValues(Data.DatabaseProviders.Sqlite, Data.DatabaseProviders.Postgres, ErrorMessage = "must be Sqlite or Postgres")]
    public string Provider { get; set; } = Data.DatabaseProviders.Sqlite;

    public bool UsesPostgres => Provider == Data.DatabaseProviders.Postgres;

    [Range(1, 300, ErrorMessage = "must be between {1} and {2} seconds")]
    public int BusyTimeoutSeconds { get; set; } = 10;

    [Range(1, 59, ErrorMessage = "must be between {1} and {2} minutes")]
    public int CheckpointMinutes { get; set; } = 5;
}

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this node runs a Hangfire server; a node without one still enqueues work.</summary>
    public bool ServerEnabled { get; set; } = true;

    [Range(1, 60, ErrorMessage = "must be between {1} and {2} seconds")]
    public int SchedulePollingSeconds { get; set; } = 1;

    [Range(1, 100, ErrorMessage = "must be between {1} and {2}")]
    public int WorkerCount { get; set; } = 8;

    [RegularExpression("^/[A-Za-z0-9_/-]+$", ErrorMessage = "must be a path such as /hangfire")]
    public string DashboardPath { get; set; } = "/hangfire";

    /// <summary>
    /// How long a finished job stays in Hangfire's storage (the dashboard's history). The app's tables are the record;
    /// on SQLite the storage is this process's memory, about 4 KB per dial job, so this bounds memory under load.
    /// </summary>
    [Range(1, 1440, ErrorMessage = "must be between {1} and {2} minutes")]
    public int FinishedJobMinutes { get; set; } = 10;
}

public sealed class SecurityOptions
{
    public const string Section = "Security";

    [Range(1, 1440, ErrorMessage = "must be between {1} and {2} minutes")]
    public int LockoutMinutes { get; set; } = 15;

    [Range(1, 100, ErrorMessage = "must be between {1} and {2}")]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(12, 128, ErrorMessage = "must be between {1} and {2} characters")]
    public int MinimumPasswordLength { get; set; } = 12;

    [Range(0, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int PermissionCacheSeconds { get; set; } = 30;

    /// <summary>
    /// Whether cookies may go without the Secure flag on a plain-HTTP request to localhost, 127.0.0.1 or [::1], for
    /// trying the portal on one's own machine. Unset: allowed in Development only; everywhere else every cookie is Secure.
    /// </summary>
    public bool? LoopbackHttpCookies { get; set; }

    /// <summary>Sign-in forms one client address may submit per <see cref="SignInWindowMinutes"/> (password spraying; lockout is per account).</summary>
    [Range(1, 1_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int SignInAttemptsPerAddress { get; set; } = 30;

    [Range(1, 1440, ErrorMessage = "must be between {1} and {2} minutes")]
    public int SignInWindowMinutes { get; set; } = 15;
}

public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>How often demo mode asks for a callback.</summary>
    [Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RequestIntervalSeconds { get; set; } = 6;

    /// <summary>Whether demo mode writes thirty days of finished callbacks for the list and the reports.</summary>
    public bool History { get; set; } = true;

    /// <summary>
    /// The port of the demo shop site (a second origin, on localhost) that embeds the widget as a customer's site would;
    /// 0 turns it off.
    /// </summary>
    [Range(0, 65535, ErrorMessage = "must be a port number (0 turns the demo site off)")]
    public int HostPagePort { get; set; } = 5001;
}
