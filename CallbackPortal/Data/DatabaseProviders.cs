using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Data;

/// <summary>The database engines the app runs on (<c>Database:Provider</c>).</summary>
public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary>Whether this context talks to PostgreSQL (several nodes may share it: limits must be decided in the database).</summary>
    public static bool IsPostgres(this AppDbContext db) => db.Database.IsNpgsql();
}
