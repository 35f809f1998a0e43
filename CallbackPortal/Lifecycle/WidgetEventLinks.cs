using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Lifecycle;

/// <summary>
/// Links a widget session's events to the callback created in that session (same service, <c>Callback.WidgetSessionId</c>).
/// Events arrive before and after the create, so both sides run this after their own commit: whichever commits second
/// sees the other's rows and links them. It only fills unlinked events, so running it twice changes nothing.
/// An event whose client named another callback than the session's stays unlinked: the client's id can only confirm.
/// </summary>
public static class WidgetEventLinks
{
    /// <summary>Links the session's unlinked events to the session's newest callback, when it has one (after a lifecycle batch).</summary>
    /// <returns>The number of events linked by this run.</returns>
    public static async Task<int> LinkAsync(AppDbContext db, Guid serviceId, string sessionId, CancellationToken ct)
    {
        var callbackId = await db.Callbacks.AsNoTracking()
            .Where(c => c.WidgetSessionId == sessionId && c.ServiceId == serviceId)
            .OrderByDescending(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        return callbackId is { } id ? await LinkToAsync(db, serviceId, sessionId, id, ct) : 0;
    }

    /// <summary>Links the session's unlinked events to <paramref name="callbackId"/>, the callback just created in it (after a create).</summary>
    /// <returns>The number of events linked by this run.</returns>
    public static Task<int> LinkToAsync(AppDbContext db, Guid serviceId, string sessionId, Guid callbackId, CancellationToken ct) =>
        db.WidgetEvents
            .Where(e => e.SessionId == sessionId && e.ServiceId == serviceId && e.CallbackId == null
                && (e.ClaimedCallbackId == null || e.ClaimedCallbackId == callbackId))
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.CallbackId, callbackId), ct);
}
