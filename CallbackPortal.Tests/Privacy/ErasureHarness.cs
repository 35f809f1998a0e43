using CallbackPortal.Access;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Privacy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Privacy;

/// <summary>The erasure service wired by hand over a database, a clock and the engine's triggers (a test's own or the engine harness's).</summary>
public static class ErasureHarness
{
    public static readonly PortalActor Administrator = new("admin-id", "admin@example.test", ServiceScope.Everything);

    public static PersonalDataErasure Create(IDbContextFactory<Data.AppDbContext> database, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events,
        ListDownloads? downloads = null) =>
        new(database, new CallbackActions(database, clock, triggers, events), downloads ?? new ListDownloads(database, clock), new CallbackPortal.Audit.AuditLog(clock),
            new InstallationKeys(database, new EphemeralDataProtectionProvider(), clock), events);
}
