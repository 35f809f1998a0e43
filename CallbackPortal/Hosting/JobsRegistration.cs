using CallbackPortal.Data;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Hosting;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire runs the engine's work in this process. On SQLite its storage is in memory on one node: the database
    /// tables are the truth, and the engine re-derives what is due from them at start-up. On PostgreSQL it is
    /// Hangfire.PostgreSql in the same database (schema <c>hangfire</c>, installed at start-up under the start-up lock),
    /// so every node's servers share one queue; a new job wakes a waiting worker by NOTIFY, polled every second besides.
    /// </summary>
    public static WebApplicationBuilder AddPortalJobs(this WebApplicationBuilder builder)
    {
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Hangfire's default (a day, capped at 3 h in memory) held every dial job of a busy day: gigabytes at tens of creates a second.
        var finishedJobRetention = TimeSpan.FromMinutes(jobs.FinishedJobMinutes);
        builder.Services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.UsesPostgres)
            {
                var connectionString = sp.GetRequiredService<PostgresConnectionString>().Value;
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
                {
                    SchemaName = DatabaseInitializer.HangfireSchema,
                    PrepareSchemaIfNecessary = false,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    EnableLongPolling = true,
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                    JobExpirationCheckInterval = TimeSpan.FromMinutes(15),
                }).WithJobExpirationTimeout(finishedJobRetention);
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = finishedJobRetention }).WithJobExpirationTimeout(finishedJobRetention);
            }
        });
        if (jobs.ServerEnabled)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.SchedulePollingInterval = TimeSpan.FromSeconds(jobs.SchedulePollingSeconds);
                options.WorkerCount = jobs.WorkerCount;
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        builder.Services.AddHostedService<RecurringJobRegistration>();
        return builder;
    }
}

/// <summary>Registers the recurring jobs once the app has started (each a one-line call into a service).</summary>
public sealed class RecurringJobRegistration(IRecurringJobManager recurring, IOptions<DatabaseOptions> database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<DatabaseMaintenance>("database-checkpoint", m => m.CheckpointAsync(CancellationToken.None),
            $"*/{database.Value.CheckpointMinutes} * * * *");
        recurring.AddOrUpdate<PublicApi.ApiHousekeeping>("api-housekeeping", h => h.RunAsync(CancellationToken.None), "41 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
