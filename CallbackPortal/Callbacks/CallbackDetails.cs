using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Lifecycle;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>
/// Reads one callback for the detail page: its fields, journey data, promise, and the timeline of its events and
/// dial attempts. A callback of a service outside the user's scope is reported exactly like one that does not exist.
/// </summary>
public sealed class CallbackDetails(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <returns>Null when there is no such callback or the actor may not see its service.</returns>
    public async Task<CallbackDetailView?> LoadAsync(PortalActor actor, Guid id, bool mayManage, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callback = await db.Callbacks.AsNoTracking().AsSplitQuery()
            .Include(c => c.Events).Include(c => c.Attempts)
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (callback is null || !actor.Scope.Includes(callback.ServiceId))
        {
            return null;
        }
        var service = await db.CallbackServices.AsNoTracking()
            .Where(s => s.Id == callback.ServiceId)
            .Select(s => new { s.Name, s.Key, s.Schedule.TimeZone })
            .SingleAsync(ct);
        var agentName = callback.AgentId is { } agentId
            ? await db.Agents.AsNoTracking().Where(a => a.Id == agentId).Select(a => a.Name).SingleOrDefaultAsync(ct)
            : null;
        var zone = OfficeHours.FindZone(service.TimeZone) ?? TimeZoneInfo.Utc;
        var pushes = await db.PushNotifications.AsNoTracking().Where(n => n.CallbackId == id).OrderBy(n => n.Id).ToListAsync(ct);
        var widget = await db.WidgetEvents.AsNoTracking().Where(e => e.CallbackId == id).OrderBy(e => e.Id).Take(LifecycleIntake.MaxEventsPerSession).ToListAsync(ct);
        return new CallbackDetailView
        {
            Id = callback.Id,
            ServiceId = callback.ServiceId,
            ServiceName = service.Name,
            ServiceKey = service.Key,
            TimeZone = zone,
            State = callback.State,
            Reason = callback.Reason,
            ReasonDetail = callback.ReasonDetail,
            Phone = PhoneMasking.Show(callback.PhoneNumber, mayManage),
            FirstName = callback.FirstName,
            LastName = callback.LastName,
            Email = callback.Email,
            Notes = callback.Notes,
            Language = callback.Language,
            JourneyData = [.. callback.UserData.OrderBy(p => p.Key, StringComparer.Ordinal)],
            IsImmediate = callback.IsImmediate,
            DesiredTime = callback.DesiredTime,
            Priority = callback.Priority,
            CreatedAt = callback.CreatedAt,
            DueAt = callback.DueAt,
            ExpiresAt = callback.ExpiresAt,
            QueuedAt = callback.QueuedAt,
            RoutingAt = callback.RoutingAt,
            ProcessingAt = callback.ProcessingAt,
            CompletedAt = callback.CompletedAt,
            AgentName = agentName,
            AttemptCount = callback.AttemptCount,
            PreviewRejects = callback.PreviewRejects,
            Disposition = callback.Disposition,
            DispositionNotes = callback.DispositionNotes,
            EwtAtOffer = callback.EwtAtOffer,
            PositionAtOffer = callback.PositionAtOffer,
            EwtAtDial = callback.EwtAtDial,
            PositionAtDial = callback.PositionAtDial,
            PromiseDeadline = Promise.Deadline(callback),
            PromiseKept = PromiseKept(callback),
            WaitToConnectSeconds = Promise.WaitToConnectSeconds(callback),
            Timeline = TimelineEntries.For(callback, zone, mayManage, widget, pushes),
        };
    }

    // A callback cancelled before its deadline broke no promise: the consumer or a supervisor called it off.
    private bool? PromiseKept(Callback callback) =>
        callback.ProcessingAt is not null ? Promise.Kept(callback)
        : callback.Reason is CompletionReason.Cancelled or CompletionReason.CancelledByAdmin && callback.CompletedAt <= Promise.Deadline(callback) ? null
        : callback.State == CallbackState.Completed || clock.GetUtcNow() > Promise.Deadline(callback) ? false
        : null;
}
