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
    public const string HangfireSchema = "hangfire";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var postgres = scope.ServiceProvider.GetService<Hosting.PostgresConnectionString>();
        await using (await DatabaseLocks.HoldAsync(postgres, "start-up", cancellationToken))
        {
            await MigrateAndSeedAsync(scope.ServiceProvider, cancellationToken);
            if (postgres is not null)
            {
                await using var connection = new NpgsqlConnection(postgres.Value);
                await connection.OpenAsync(cancellationToken);
                Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
            }
        }
    }

    private async Task MigrateAndSeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        await using var startUp = db.IsPostgres() ? null : await SqliteStartupLock.HoldAsync(db, logger, cancellationToken);
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
