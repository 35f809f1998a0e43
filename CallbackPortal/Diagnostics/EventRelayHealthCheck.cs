using CallbackPortal.Engine;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallbackPortal.Diagnostics;

/// <summary>
/// On PostgreSQL: Healthy while this node listens for the other nodes' engine events, Degraded while its listener is
/// disconnected (the node works, but its live pages miss what the other nodes change until it reconnects and resyncs).
/// </summary>
public sealed class EventRelayHealthCheck(PostgresEventRelay relay) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = relay.Status;
        return Task.FromResult(status.Listening
            ? HealthCheckResult.Healthy("Listening for the other nodes' events.")
            : HealthCheckResult.Degraded($"Not listening for the other nodes' events since {status.Since:u} ({status.Problem}); live pages here miss their changes until it reconnects."));
    }
}
