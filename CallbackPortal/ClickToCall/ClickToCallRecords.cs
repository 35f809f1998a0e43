using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.ClickToCall;

/// <summary>Where a reservation stands: waiting for its call, matched by the IVR, or expired unmatched.</summary>
public enum ReservationStatus
{
    Requested,
    Matched,
    Expired,
}

/// <summary>One reservation as the portal's records list shows it.</summary>
public sealed record ReservationRecord(Guid Id, string Group, string ToPhoneNumber, string? AccessCode, string? FromPhoneNumber, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? MatchedAt, string? MatchedBy, ReservationStatus Status);

/// <summary>The records list of the click-to-call page: the newest reservations, optionally of one group and one status.</summary>
public sealed class ClickToCallRecords(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxRows = 500;

    /// <summary>The newest reservations of the groups the actor may see (<see cref="ClickToCallGroups.ListAsync"/>).</summary>
    public async Task<IReadOnlyList<ReservationRecord>> ListAsync(PortalActor actor, Guid? groupId, ReservationStatus? status, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = ClickToCallGroups.InScope(db.ClickToCallGroups, actor.Scope).Select(g => g.Id);
        var query = db.ClickToCallReservations.AsNoTracking().Where(r => visible.Contains(r.GroupId));
        if (groupId is { } id)
        {
            query = query.Where(r => r.GroupId == id);
        }
        query = status switch
        {
            ReservationStatus.Requested => query.Where(r => r.MatchedAt == null && r.ExpiresAt > now),
            ReservationStatus.Matched => query.Where(r => r.MatchedAt != null),
            ReservationStatus.Expired => query.Where(r => r.MatchedAt == null && r.ExpiresAt <= now),
            _ => query,
        };
        var rows = await query.OrderByDescending(r => r.CreatedAt).Take(MaxRows)
            .Join(db.ClickToCallGroups, r => r.GroupId, g => g.Id, (r, g) => new { Reservation = r, Group = g.Key })
            .ToListAsync(ct);
        return [.. rows.Select(row => Record(row.Reservation, row.Group, now))];
    }

    /// <summary>How many numbers each visible group holds right now (its live reservations); groups holding none are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> HeldNowAsync(PortalActor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = ClickToCallGroups.InScope(db.ClickToCallGroups, actor.Scope).Select(g => g.Id);
        return await db.ClickToCallReservations.Where(r => visible.Contains(r.GroupId) && r.MatchedAt == null && r.ExpiresAt > now)
            .GroupBy(r => r.GroupId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    private static ReservationRecord Record(ClickToCallReservation r, string group, DateTimeOffset now) =>
        new(r.Id, group, r.ToPhoneNumber, r.AccessCode, r.FromPhoneNumber, r.CreatedAt, r.ExpiresAt, r.MatchedAt, r.MatchedBy,
            r.MatchedAt is not null ? ReservationStatus.Matched : r.IsLive(now) ? ReservationStatus.Requested : ReservationStatus.Expired);
}
