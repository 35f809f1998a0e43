using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

/// <summary>
/// Pausing a service holds its queued callbacks (state Paused) until it is resumed; nothing is dialed meanwhile.
/// Each pause and resume is done for someone (who must be allowed to touch the service) and audited with the change.
/// </summary>
public sealed class ServiceControl(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events, AuditLog audit)
{
    public const string PausedAction = "paused";
    public const string ResumedAction = "resumed";
    public const int MaxReasonLength = 500;

    /// <summary>Pauses the service (again, with a new reason, when it already is).</summary>
    /// <exception cref="DomainException"><c>validation-failed</c> for a missing or overlong reason, <c>service-not-allowed</c>, <c>unknown-service</c>.</exception>
    public async Task PauseAsync(PortalActor actor, Guid serviceId, string? reason, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Services.Manage);
        ArgumentNullException.ThrowIfNull(actor);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength || !CallbackRequestValidation.IsCleanText(reason, multiline: false))
        {
            throw new DomainException("validation-failed", "Say why the service is paused.", new Dictionary<string, string[]>
            {
                ["reason"] = [$"Say why, in at most {MaxReasonLength} characters: supervisors see it while the service is paused."],
            });
        }
        actor.RequireService(serviceId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await FindAsync(db, serviceId, ct);
        var now = clock.GetUtcNow();
        var before = State(service);
        service.Paused = true;
        service.PausedReason = reason;
        var queued = await db.Callbacks.Where(c => c.ServiceId == serviceId && c.State == CallbackState.Queued).ToListAsync(ct);
        queued.ForEach(c => c.Pause(now, $"service paused: {reason}"));
        audit.Record(db, actor, AuditAreas.Services, PausedAction, service.Key, before, State(service), service.Id);
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.ServiceChanged, serviceId, null, null));
    }

    /// <summary>Resumes the service and queues its paused callbacks again; nothing happens when it is not paused.</summary>
    /// <exception cref="DomainException"><c>service-not-allowed</c>, <c>unknown-service</c>.</exception>
    public async Task ResumeAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Services.Manage);
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireService(serviceId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await FindAsync(db, serviceId, ct);
        if (!service.Paused)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var before = State(service);
        service.Paused = false;
        service.PausedReason = null;
        var paused = await db.Callbacks.Where(c => c.ServiceId == serviceId && c.State == CallbackState.Paused).ToListAsync(ct);
        paused.ForEach(c => c.Resume(now, "service resumed"));
        audit.Record(db, actor, AuditAreas.Services, ResumedAction, service.Key, before, State(service), service.Id);
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.ServiceChanged, serviceId, null, null));
        triggers.Dispatch();
    }

    private static object State(CallbackService service) => new { service.Paused, service.PausedReason };

    private static async Task<CallbackService> FindAsync(AppDbContext db, Guid serviceId, CancellationToken ct) =>
        await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == serviceId, ct)
            ?? throw new DomainException("unknown-service", $"There is no callback service {serviceId}.");
}
