using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Privacy;

/// <summary>
/// Erases everything personal tied to one phone number. Open callbacks of the number are first cancelled through the
/// engine's own cancel (<see cref="CallbackActions"/>: a conditional save, the agent released, the timeline written), so a
/// dispatcher holding one loses its race instead of dialing an erased number. Then, in one transaction with its audit
/// entry, callbacks keep their statistics and lose their personal fields, free texts lose the number, and what exists
/// only for the consumer (push subscriptions, click-to-call reservations, idempotency records) is deleted. Export files
/// naming those callbacks go after the commit. A call in progress blocks the erasure until it ends.
/// </summary>
public sealed class PersonalDataErasure(IDbContextFactory<AppDbContext> dbFactory, CallbackActions actions, ListDownloads downloads, AuditLog audit,
    InstallationKeys keys, CallbackEventStream events)
{
    public const string CancelDetail = "personal data erasure";
    public const string InProgress = "A call to this number is in progress; erase its data when the call has ended.";
    private const int CancelRounds = 3;

    public async Task<ErasurePreview> PreviewAsync(PortalActor actor, string? input, CancellationToken ct)
    {
        Eraser.Require(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var number = await ResolveAsync(db, input, ct);
        var footprint = await ErasureFootprint.ReadAsync(db, number, ct);
        var states = await footprint.Callbacks.Select(c => c.State).ToListAsync(ct);
        var counts = await CountAsync(footprint, states.Count(s => s != CallbackState.Completed), ct);
        return new ErasurePreview(number, PhoneMasking.Mask(number), counts, states.Contains(CallbackState.Processing) ? InProgress : null);
    }

    public async Task<ErasureReport> EraseAsync(PortalActor actor, string? input, CancellationToken ct)
    {
        Eraser.Require(actor);
        string number;
        await using (var lookup = await dbFactory.CreateDbContextAsync(ct))
        {
            number = await ResolveAsync(lookup, input, ct);
        }
        var cancelled = await CancelOpenAsync(actor, number, ct);
        var fingerprint = await FingerprintAsync(number, ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var footprint = await ErasureFootprint.ReadAsync(db, number, ct);
        var files = downloads.FilesMentioning(footprint.FileNeedles);
        var callbacks = await footprint.Callbacks.ToListAsync(ct);
        if (callbacks.Any(c => c.State != CallbackState.Completed))
        {
            throw new DomainException("conflict", "A callback for this number arrived or changed meanwhile; erase again.");
        }
        var counts = await EraseRowsAsync(footprint, callbacks, cancelled, files.Count, ct);
        var entry = audit.Record(db, actor, AuditAreas.Privacy, AuditActions.Erased, $"phone number {PhoneMasking.Mask(number)}", null,
            new { counts.Callbacks, CancelledFirst = counts.OpenCallbacks, counts.DialAttempts, counts.TimelineEntries, counts.PushSubscriptions,
                counts.ClickToCallReservations, counts.IdempotencyRecords, counts.ErrorLogEntries, counts.ExportFiles, NumberFingerprint = fingerprint })!;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("conflict", "A callback for this number changed while it was being erased; erase again.");
        }
        await transaction.CommitAsync(ct);
        downloads.Delete(files);
        foreach (var callback in callbacks)
        {
            events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, callback.ServiceId, callback.Id, null));
        }
        return new ErasureReport(PhoneMasking.Mask(number), counts, entry.Id);
    }

    private static async Task<string> ResolveAsync(AppDbContext db, string? input, CancellationToken ct) =>
        ErasureNumber.Resolve(input, await db.CallbackServices.AsNoTracking().Select(s => s.DefaultCountry).Distinct().ToListAsync(ct));

    private async Task<ErasureCounts> CountAsync(ErasureFootprint footprint, int open, CancellationToken ct) => new(
        footprint.CallbackIds.Count,
        open,
        await footprint.Attempts.CountAsync(ct),
        await footprint.TimelineEntries.CountAsync(ct),
        await footprint.PushSubscriptions.CountAsync(ct),
        await footprint.Reservations.CountAsync(ct),
        await footprint.IdempotencyRecords.CountAsync(ct),
        await footprint.ErrorLogEntries.CountAsync(ct),
        downloads.FilesMentioning(footprint.FileNeedles).Count);

    /// <summary>Changes and deletes the rows (the callbacks' changes are saved with the audit entry by the caller).</summary>
    private static async Task<ErasureCounts> EraseRowsAsync(ErasureFootprint footprint, List<Callback> callbacks, int cancelled, int files, CancellationToken ct)
    {
        var disposition = callbacks.ToDictionary(c => c.Id, c => c.Disposition);
        var entries = await footprint.TimelineEntries.ToListAsync(ct);
        foreach (var entry in entries)
        {
            // A wrap-up entry is "disposition: notes"; the disposition stays (reports count it), the notes go.
            entry.Detail = entry.Kind == CallbackEventKinds.WrapUp ? disposition.GetValueOrDefault(entry.CallbackId) : footprint.Scrub(entry.Detail);
        }
        var attempts = await footprint.Attempts.ToListAsync(ct);
        foreach (var attempt in attempts)
        {
            attempt.To = attempt.To == footprint.Number ? Callback.ErasedMarker : attempt.To;
            attempt.Detail = footprint.Scrub(attempt.Detail);
        }
        var counts = new ErasureCounts(
            callbacks.Count,
            cancelled,
            attempts.Count,
            entries.Count,
            await footprint.PushSubscriptions.ExecuteDeleteAsync(ct),
            await footprint.Reservations.ExecuteDeleteAsync(ct),
            await footprint.IdempotencyRecords.ExecuteDeleteAsync(ct),
            await footprint.ErrorLogEntries.ExecuteUpdateAsync(u => u.SetProperty(e => e.Detail, Callback.ErasedMarker), ct),
            files);
        foreach (var callback in callbacks)
        {
            callback.ErasePersonalData();
        }
        return counts;
    }

    /// <summary>Cancels the number's open callbacks; a callback the engine moved meanwhile is looked at again in the next round.</summary>
    /// <returns>How many were cancelled.</returns>
    private async Task<int> CancelOpenAsync(PortalActor actor, string number, CancellationToken ct)
    {
        var cancelled = 0;
        for (var round = 0; ; round++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var open = await db.Callbacks.AsNoTracking().Where(c => c.PhoneNumber == number && c.State != CallbackState.Completed)
                .Select(c => new { c.Id, c.State }).ToListAsync(ct);
            if (open.Count == 0)
            {
                return cancelled;
            }
            if (open.Any(c => c.State == CallbackState.Processing))
            {
                throw new DomainException("call-in-progress", InProgress);
            }
            if (round == CancelRounds)
            {
                throw new DomainException("conflict", "The callbacks of this number kept changing while they were being cancelled; erase again.");
            }
            foreach (var callback in open)
            {
                try
                {
                    await actions.CancelAsync(callback.Id, Actor.Supervisor, CancelDetail, ct, actor.Name);
                    cancelled++;
                }
                catch (DomainException e) when (e.Code is "not-cancellable" or "conflict" or "not-found")
                {
                    // The engine got there first; the next round reads its new state.
                }
            }
        }
    }

    /// <summary>
    /// A keyed hash of the number for the audit entry: the entry never holds the number, yet whoever holds the number and the
    /// installation can tell that it was erased (when a consumer asks again).
    /// </summary>
    public async Task<string> FingerprintAsync(string number, CancellationToken ct)
    {
        var key = await keys.GetAsync("erasure-fingerprint", ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(number)))[..32];
    }
}
