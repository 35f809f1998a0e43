using CallbackPortal.Callbacks;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

/// <summary>Finding a service by the key the API and pages name it with, read-only, in one place.</summary>
public static class ServiceLookup
{
    public static Task<CallbackService?> FindByKeyAsync(this DbSet<CallbackService> services, string key, CancellationToken ct) =>
        services.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct);

    /// <exception cref="DomainException"><c>unknown-service</c> when there is none.</exception>
    public static async Task<CallbackService> RequireByKeyAsync(this DbSet<CallbackService> services, string key, CancellationToken ct) =>
        await services.FindByKeyAsync(key, ct) ?? throw new DomainException("unknown-service", $"There is no callback service '{key}'.");
}
