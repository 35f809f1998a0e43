using CallbackPortal.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CallbackPortal.Data;

/// <summary>
/// Applies migrations and seeds roles and permissions before anything else in the app starts. On PostgreSQL several nodes
/// may start at once: each takes one advisory lock for the whole of it, so one node migrates, seeds and installs Hangfire's
/// schema while the others wait and then find nothing left to do.
/// </summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedService
{
    /// <summary>The advisory lock key of start-up ("CBPinit" in ASCII); nothing else takes it.</summary>
    public const long StartupLockKey = 0x43_42_50_69_6E_69_74;

    public const string HangfireSchema = "hangfire";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var postgres = scope.ServiceProvider.GetService<Hosting.PostgresConnectionString>();
        if (postgres is null)
        {
            await MigrateAndSeedAsync(scope.ServiceProvider, cancellationToken);
            return;
        }
        await using var connection = new NpgsqlConnection(postgres.Value);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({StartupLockKey})", connection) { CommandTimeout = 0 })
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await MigrateAndSeedAsync(scope.ServiceProvider, cancellationToken);
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({StartupLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task MigrateAndSeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        // A new database has no history table: asking it for applied migrations would log a failed query.
        var fresh = !await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken);
        var pending = fresh ? db.Database.GetMigrations().ToList() : (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }
        await db.Database.MigrateAsync(cancellationToken);
        await services.GetRequiredService<AccessSeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
