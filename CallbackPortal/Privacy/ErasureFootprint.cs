using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Privacy;

/// <summary>
/// Where one number's personal data lies in the database. The same queries count it for the preview and find it for
/// the erasure, so the page never promises one thing and erases another. Free text (attempt and timeline details, the
/// error log) is searched for the national significant number, which every written form without separators contains.
/// </summary>
internal sealed class ErasureFootprint(AppDbContext db, string number, string nationalNumber, IReadOnlyList<Guid> callbackIds)
{
    public string Number { get; } = number;

    public IReadOnlyList<Guid> CallbackIds { get; } = callbackIds;

    public static async Task<ErasureFootprint> ReadAsync(AppDbContext db, string number, CancellationToken ct)
    {
        var ids = await db.Callbacks.Where(c => c.PhoneNumber == number).Select(c => c.Id).ToListAsync(ct);
        return new ErasureFootprint(db, number, ErasureNumber.National(number), ids);
    }

    public IQueryable<Callback> Callbacks => db.Callbacks.Where(c => CallbackIds.Contains(c.Id));

    /// <summary>Attempts that called the number (an agent-first attempt calls the agent first and keeps the agent's number) or name it.</summary>
    public IQueryable<DialAttempt> Attempts =>
        db.DialAttempts.Where(a => CallbackIds.Contains(a.CallbackId) && (a.To == Number || (a.Detail != null && a.Detail.Contains(nationalNumber))));

    /// <summary>Wrap-up entries (they carry the agent's notes) and any entry naming the number.</summary>
    public IQueryable<CallbackEvent> TimelineEntries =>
        db.CallbackEvents.Where(e => CallbackIds.Contains(e.CallbackId)
            && (e.Kind == CallbackEventKinds.WrapUp || (e.Detail != null && e.Detail.Contains(nationalNumber))));

    public IQueryable<Push.PushSubscription> PushSubscriptions => db.PushSubscriptions.Where(s => CallbackIds.Contains(s.CallbackId));

    public IQueryable<ClickToCall.ClickToCallReservation> Reservations => db.ClickToCallReservations.Where(r => r.FromPhoneNumber == Number);

    /// <summary>A create sent with an Idempotency-Key keeps a hash of its body until it expires; its Location names the callback.</summary>
    public IQueryable<PublicApi.IdempotencyRecord> IdempotencyRecords
    {
        get
        {
            var locations = CallbackIds.Select(id => $"/api/v1/callbacks/{id}").ToList();
            return db.IdempotencyRecords.Where(r => r.Location != null && locations.Contains(r.Location));
        }
    }

    public IQueryable<Diagnostics.ApiErrorEntry> ErrorLogEntries => db.ApiErrors.Where(e => e.Detail != null && e.Detail.Contains(nationalNumber));

    /// <summary>A free text with the number (and its national digits) replaced by the marker.</summary>
    public string? Scrub(string? text) => text?.Replace(Number, Callback.ErasedMarker, StringComparison.Ordinal)
        .Replace(nationalNumber, Callback.ErasedMarker, StringComparison.Ordinal);

    /// <summary>What the export files are searched for: the number and the ids of its callbacks (an export may show the number masked).</summary>
    public IReadOnlyCollection<string> FileNeedles => [Number, .. CallbackIds.Select(id => id.ToString())];
}
