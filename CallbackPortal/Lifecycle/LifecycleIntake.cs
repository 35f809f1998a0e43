using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Lifecycle;

/// <summary>What became of a batch: events stored, and events dropped because their session had reached its cap.</summary>
public sealed record LifecycleReceipt(int Accepted, int Dropped);

/// <summary>
/// Stores a checked lifecycle batch in one transaction, then links each session's events to its callback
/// (<see cref="WidgetEventLinks"/>). A session keeps at most <see cref="MaxEventsPerSession"/> events, so one script
/// cannot grow the table without bound; later events of that session are dropped, not refused.
/// </summary>
public sealed class LifecycleIntake(IDbContextFactory<AppDbContext> dbFactory, WriteGate writeGate)
{
    public const int MaxEventsPerSession = 200;

    /// <param name="origin">The page's origin (the Origin header), when a browser sent the batch.</param>
    public async Task<LifecycleReceipt> StoreAsync(IReadOnlyList<LifecycleEventInput> events, string? origin, DateTimeOffset received, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = events.Select(e => e.Service).Distinct(StringComparer.Ordinal).ToList();
        var services = await db.CallbackServices.AsNoTracking().Where(s => keys.Contains(s.Key)).Select(s => new { s.Key, s.Id })
            .ToDictionaryAsync(s => s.Key, s => s.Id, StringComparer.Ordinal, ct);
        if (keys.FirstOrDefault(k => !services.ContainsKey(k)) is { } unknown)
        {
            throw new DomainException("unknown-service", $"There is no callback service '{unknown}'.");
        }
        var sessions = events.Select(e => (Service: services[e.Service], e.SessionId)).Distinct().ToList();
        var sessionIds = sessions.Select(s => s.SessionId).Distinct().ToList();
        origin = origin is { Length: > 0 and <= 253 } ? origin : null;
        var (accepted, dropped) = (0, 0);
        await db.Database.OpenConnectionAsync(ct);
        using (await writeGate.EnterAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.TakeTurnAsync("widget-session", sessionIds, ct);
            // Counted inside the write transaction, so two batches of one session cannot both slip under the cap.
            var stored = await db.WidgetEvents.Where(e => sessionIds.Contains(e.SessionId))
                .GroupBy(e => new { e.ServiceId, e.SessionId }).Select(g => new { g.Key.ServiceId, g.Key.SessionId, Count = g.Count() })
                .ToDictionaryAsync(g => (g.ServiceId, g.SessionId), g => g.Count, ct);
            foreach (var e in events)
            {
                var session = (services[e.Service], e.SessionId);
                var count = stored.GetValueOrDefault(session);
                if (count >= MaxEventsPerSession)
                {
                    dropped++;
                    continue;
                }
                stored[session] = count + 1;
                accepted++;
                db.WidgetEvents.Add(new WidgetEvent
                {
                    ServiceId = session.Item1,
                    SessionId = e.SessionId,
                    Event = e.Event,
                    At = e.At,
                    ReceivedAt = received,
                    ClaimedCallbackId = e.ClaimedCallbackId,
                    Metadata = e.Metadata.Json,
                    Origin = origin,
                    CaptchaShown = e.Metadata.CaptchaShown,
                    Proactive = e.Metadata.Proactive,
                    SubmitAttempts = e.Metadata.SubmitAttempts,
                    ValidationErrors = e.Metadata.ValidationErrors,
                });
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        foreach (var (service, sessionId) in sessions)
        {
            await WidgetEventLinks.LinkAsync(db, service, sessionId, ct);
        }
        return new LifecycleReceipt(accepted, dropped);
    }
}
