using CallbackPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallbackPortal.Hosting;

public static class DataRegistration
{
    /// <summary>
    /// The app's database (one context per operation through the factory) on SQLite or PostgreSQL (<c>Database:Provider</c>),
    /// migrations at start-up, Data Protection keys in the database (so every node reads the cookies the others wrote).
    /// </summary>
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var configured = builder.Configuration.GetConnectionString("DefaultConnection");
        if (database.UsesPostgres)
        {
            AddPostgres(builder.Services, configured, database);
        }
        else
        {
            AddSqlite(builder.Services, configured, database, builder.Environment.ContentRootPath);
        }
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddSingleton<DatabaseMaintenance>();

        builder.Services.AddDataProtection()
            .SetApplicationName("CallbackPortal")
            .PersistKeysToDbContext<AppDbContext>();
        return builder;
    }

    private static void AddSqlite(IServiceCollection services, string? configured, DatabaseOptions database, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new ConfigurationException("ConnectionStrings:DefaultConnection is empty; give a SQLite connection string such as 'Data Source=App_Data/callbackportal.db'.");
        }
        string connectionString;
        try
        {
            connectionString = SqliteConnectionStrings.Prepare(configured, contentRoot, database.BusyTimeoutSeconds);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"ConnectionStrings:DefaultConnection is not a valid SQLite connection string: {e.Message}");
        }

        var pragmas = new SqlitePragmas(database.BusyTimeoutSeconds);
        // Pooled: a create opens several short contexts, and reusing them saves building each one anew.
        services.AddPooledDbContextFactory<AppDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(pragmas));
    }

    private static void AddPostgres(IServiceCollection services, string? configured, DatabaseOptions database)
    {
        var connectionString = PostgresConnectionStrings.Prepare(configured, database.BusyTimeoutSeconds);
        services.AddSingleton(new PostgresConnectionString(connectionString));
        services.AddPooledDbContextFactory<PostgresAppDbContext>(options => options.UseNpgsql(connectionString));
        services.AddSingleton<IDbContextFactory<AppDbContext>, PostgresContextFactory>();
    }
}

/// <summary>The checked PostgreSQL connection string, for what talks to the server beside EF Core (advisory locks, LISTEN/NOTIFY, Hangfire).</summary>
public sealed record PostgresConnectionString(string Value);

public static class PostgresConnectionStrings
{
    /// <summary>Checks a PostgreSQL connection string and gives commands the busy timeout as their default timeout floor.</summary>
    public static string Prepare(string? configured, int busyTimeoutSeconds)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new ConfigurationException("ConnectionStrings:DefaultConnection is empty; with Database:Provider = Postgres give one such as 'Host=db;Database=callbackportal;Username=portal;Password=...'.");
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ConfigurationException($"ConnectionStrings:DefaultConnection is not a valid PostgreSQL connection string: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationException("ConnectionStrings:DefaultConnection names no Host; with Database:Provider = Postgres give 'Host=...;Database=...'.");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new ConfigurationException("ConnectionStrings:DefaultConnection names no Database; with Database:Provider = Postgres give 'Host=...;Database=...'.");
        }
        builder.CommandTimeout = Math.Max(builder.CommandTimeout, busyTimeoutSeconds);
        return builder.ConnectionString;
    }
}
