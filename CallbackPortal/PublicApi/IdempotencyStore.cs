using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>This request's hold on a key: the key and the moment it was taken, which a takeover changes.</summary>
public sealed record IdempotencyClaim(string Key, DateTimeOffset StartedAt);

/// <summary>What to do with a request that carries an <c>Idempotency-Key</c>.</summary>
public abstract record IdempotencyStart
{
    /// <summary>First time seen (or taken over from a crashed request): go on, then complete or release the key as this owner.</summary>
    public sealed record Proceed(IdempotencyClaim Claim) : IdempotencyStart;

    /// <summary>Seen and done: answer the stored response again.</summary>
    public sealed record Replay(int Status, string? Location, string Body) : IdempotencyStart;
}

/// <summary>
/// <c>Idempotency-Key</c> semantics of API.md: the same key and body replays the first response; a different
/// body is a 422; a request still being processed under the key is a 409. The key is taken by inserting its row
/// (a primary-key conflict means someone else has it), so two requests racing with one key never both create.
/// Only successful creates are kept; a refused request lets its key go, so a retry is judged afresh.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IDataProtectionProvider protection)
{
    public const int MaxKeyLength = 255;

    /// <summary>An in-flight key older than this is taken to belong to a crashed request and may be taken over.</summary>
    public static readonly TimeSpan InFlightLease = TimeSpan.FromSeconds(60);

    /// <summary>Keys are kept this long.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly IDataProtector protector = protection.CreateProtector("CallbackPortal.Idempotency.v1");

    public static string ScopedKey(string service, string key) => $"{service}:{key}";

    public static void ValidateKey(string key)
    {
        if (key.Length is 0 or > MaxKeyLength || key.Any(ch => ch is < '!' or > '~'))
        {
            throw new DomainException("validation-failed", "The Idempotency-Key header is not valid.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"1-{MaxKeyLength} visible ASCII characters, such as a UUID."] });
        }
    }

    public async Task<IdempotencyStart> BeginAsync(string scopedKey, string requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == scopedKey, ct);
        if (existing is null)
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { Key = scopedKey, RequestHash = requestHash, StartedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return new IdempotencyStart.Proceed(new IdempotencyClaim(scopedKey, now));
            }
            catch (DbUpdateException)
            {
                // Another request took the key between the look and the insert: the key's row decides below.
                db.ChangeTracker.Clear();
            }
            existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == scopedKey, ct);
        }
        if (existing is null)
        {
            // Released between our insert and our read: one more try decides it.
            return await BeginAsync(scopedKey, requestHash, ct);
        }
        if (existing.RequestHash != requestHash)
        {
            throw new DomainException("idempotency-key-reused", "This Idempotency-Key was used with a different request body.");
        }
        if (existing.Done)
        {
            return new IdempotencyStart.Replay(existing.Status ?? StatusCodes.Status200OK, existing.Location, protector.Unprotect(existing.ResponseProtected ?? ""));
        }
        var staleBefore = now - InFlightLease;
        var takenOver = await db.IdempotencyRecords
            .Where(r => r.Key == scopedKey && !r.Done && r.StartedAt == existing.StartedAt && r.StartedAt < staleBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StartedAt, now), ct);
        return takenOver == 1
            ? new IdempotencyStart.Proceed(new IdempotencyClaim(scopedKey, now))
            : throw new DomainException("idempotency-in-flight", "A request with this Idempotency-Key is still being processed; try again shortly.");
    }

    /// <summary>Marks the key done with its response, inside the transaction that stores the callback.</summary>
    /// <remarks>
    /// Only the current owner completes: when a slow request's key was taken over by a retry (or let go), its update
    /// changes nothing and it throws, which rolls its callback back — one key, one callback.
    /// </remarks>
    public void Complete(AppDbContext db, IdempotencyClaim claim, int status, string? location, string body)
    {
        var protectedBody = protector.Protect(body);
        var completed = db.IdempotencyRecords.Where(r => r.Key == claim.Key && !r.Done && r.StartedAt == claim.StartedAt)
            .ExecuteUpdate(s => s.SetProperty(r => r.Done, true).SetProperty(r => r.Status, status)
                .SetProperty(r => r.Location, location).SetProperty(r => r.ResponseProtected, protectedBody));
        if (completed != 1)
        {
            throw new DomainException("idempotency-in-flight", "Another request with this Idempotency-Key took it over; try again shortly.");
        }
    }

    /// <summary>Lets the key go after a refused or failed request.</summary>
    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.IdempotencyRecords.Where(r => r.Key == claim.Key && !r.Done && r.StartedAt == claim.StartedAt).ExecuteDeleteAsync(ct);
    }

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IdempotencyRecords.Where(r => r.StartedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
