using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

/// <summary>Pausing a service holds its queued callbacks (state Paused) until it is resumed; nothing is dialed meanwhile.</summary>
public sealed class ServiceControl(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, CallbackEventStream events)
{
    public async Task PauseAsync(Guid serviceId, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await FindAsync(db, serviceId, ct);
        var now = clock.GetUtcNow();
        service.Paused = true;
        service.PausedReason = reason;
        var queued = await db.Callbacks.Where(c => c.ServiceId == serviceId && c.State == CallbackState.Queued).ToListAsync(ct);
        queued.ForEach(c => c.Pause(now, $"service paused: {reason}"));
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.ServiceChanged, serviceId, null, null));
    }

    public async Task ResumeAsync(Guid serviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await FindAsync(db, serviceId, ct);
        var now = clock.GetUtcNow();
        service.Paused = false;
        service.PausedReason = null;
        var paused = await db.Callbacks.Where(c => c.ServiceId == serviceId && c.State == CallbackState.Paused).ToListAsync(ct);
        paused.ForEach(c => c.Resume(now, "service resumed"));
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.ServiceChanged, serviceId, null, null));
        triggers.Dispatch();
    }

    private static async Task<CallbackService> FindAsync(AppDbContext db, Guid serviceId, CancellationToken ct) =>
        await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == serviceId, ct)
            ?? throw new DomainException("unknown-service", $"There is no callback service {serviceId}.");
}
