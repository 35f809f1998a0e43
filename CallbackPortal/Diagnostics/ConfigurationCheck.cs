using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallbackPortal.Diagnostics;

/// <summary>The findings of one service, worst first.</summary>
public sealed record ServiceCheck(Guid ServiceId, string Key, string Name, IReadOnlyList<Finding> Findings);

/// <summary>What the configuration check found: for the installation as a whole, and per service the reader may see.</summary>
public sealed record ConfigurationReport(IReadOnlyList<Finding> Installation, IReadOnlyList<ServiceCheck> Services)
{
    public bool AllGood => Installation.Count == 0 && Services.All(s => s.Findings.Count == 0);
}

/// <summary>
/// The configuration check page's logic: looks at every service the reader may see for what keeps its callbacks from
/// working (<see cref="ServiceFindings"/>), and at the telephony provider they all share.
/// </summary>
public sealed class ConfigurationCheck(IDbContextFactory<AppDbContext> dbFactory, TelephonyHealthCheck telephony, SecretProtector secrets, TimeProvider clock)
{
    public async Task<ConfigurationReport> RunAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).OrderBy(s => s.Name).ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().ToListAsync(ct);
        var now = clock.GetUtcNow();
        var checks = services
            .Select(s => new ServiceCheck(s.Id, s.Key, s.Name, [.. ServiceFindings.For(s, agents, secrets, now).OrderBy(f => f.Severity)]))
            .ToList();
        return new ConfigurationReport(await InstallationAsync(ct), checks);
    }

    private async Task<IReadOnlyList<Finding>> InstallationAsync(CancellationToken ct)
    {
        var result = await telephony.CheckHealthAsync(new HealthCheckContext(), ct);
        return result.Status == HealthStatus.Healthy
            ? []
            : [new Finding(FindingSeverity.Error, $"Telephony unreachable: {result.Description} No callback can be dialed.", null, "the Telephony section of the settings file")];
    }
}
