using CallbackPortal.Data;
using CallbackPortal.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Diagnostics;

/// <summary>Ready when the database answers and every migration this build knows has been applied.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Connected and migrated.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied yet.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database check failed.", e);
        }
    }
}

/// <summary>Ready when this node's Hangfire server is running (its heartbeat is recent).</summary>
public sealed class JobServerHealthCheck(JobStorage storage, IOptions<JobsOptions> jobs, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!jobs.Value.ServerEnabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This node runs no job server (Jobs:ServerEnabled is false)."));
        }
        var name = $"{Environment.MachineName}:{Environment.ProcessId}".ToLowerInvariant();
        var since = clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
        var running = storage.GetMonitoringApi().Servers()
            .Any(s => s.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (s.Heartbeat ?? s.StartedAt) >= since);
        return Task.FromResult(running
            ? HealthCheckResult.Healthy("The job server is running.")
            : HealthCheckResult.Unhealthy("The job server is not running."));
    }
}
