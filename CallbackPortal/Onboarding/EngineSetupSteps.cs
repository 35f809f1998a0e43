using System.Security.Claims;
using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Onboarding;

/// <summary>At least one callback service (virtual queue) must exist before consumers can ask for callbacks.</summary>
public sealed class ServiceStep(IDbContextFactory<AppDbContext> dbFactory) : ISetupStep
{
    public int Order => 100;
    public string Title => "Create a callback service";
    public string Description => "A service is a virtual queue: its office hours, the skills it needs and how it dials. Demo mode (--demo) creates 'support' and 'sales'.";
    public string Permission => Permissions.Services.Manage;
    public string? Href => "/configuration/services/new";
    public string LinkText => "New service";

    public async Task<bool> IsDoneAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallbackServices.AnyAsync(ct);
    }
}

/// <summary>Callbacks only connect when an agent holds every skill a service requires.</summary>
public sealed class AgentStep(IDbContextFactory<AppDbContext> dbFactory) : ISetupStep
{
    public int Order => 200;
    public string Title => "Add an agent with the skills of a service";
    public string Description => "Only agents holding every required skill at its level are routed a service's callbacks.";
    public string Permission => Permissions.Agents.Manage;
    public string? Href => "/configuration/agents";
    public string LinkText => "Agents";

    public async Task<bool> IsDoneAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await db.CallbackServices.AsNoTracking().ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().ToListAsync(ct);
        return services.Any(s => agents.Any(a => a.HasSkills(s.Requirements)));
    }
}

/// <summary>The built-in carrier simulator places no real calls; a real provider is configured under Telephony.</summary>
public sealed class TelephonyStep(IOptions<TelephonyOptions> telephony) : ISetupStep
{
    public int Order => 300;
    public string Title => "Connect a telephony provider";
    public string Description => telephony.Value.UsesSimulator
        ? "Calls go to the built-in carrier simulator. Set Telephony:Provider to Twilio with its account, token and caller id to call real phones."
        : "Calls go to the configured Twilio-compatible provider.";
    public string Permission => Permissions.Telephony.Manage;
    public string? Href => null;
    public string LinkText => "";

    public Task<bool> IsDoneAsync(ClaimsPrincipal user, CancellationToken ct) => Task.FromResult(!telephony.Value.UsesSimulator);
}
