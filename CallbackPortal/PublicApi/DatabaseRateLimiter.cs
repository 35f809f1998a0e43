using System.Threading.RateLimiting;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.PublicApi;

/// <summary>
/// Requests one client address made in one fixed window of the consumer API's rate limit, counted in the database
/// so that every node sees the same count (PostgreSQL scale-out). Rows older than two windows mean nothing and are
/// deleted by <see cref="ApiHousekeeping"/>.
/// </summary>
public class RateLimitCounter
{
    /// <summary>The client's partition (its address, IPv6 by /64: <see cref="ClientAddress.PartitionOf"/>).</summary>
    public string Partition { get; set; } = "";

    /// <summary>The window's start in Unix seconds (a multiple of the window length).</summary>
    public long WindowStart { get; set; }

    public int Count { get; set; }
}

internal sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> builder)
    {
        builder.HasKey(c => new { c.Partition, c.WindowStart });
        builder.Property(c => c.Partition).HasMaxLength(64);
        builder.HasIndex(c => c.WindowStart);
    }
}

/// <summary>
/// The consumer API's per-address limit decided in the database: a sliding window estimated from two fixed windows
/// (this window's count plus the previous window's, weighted by how much of it still overlaps), one atomic upsert per
/// request. A refused request is taken back out, so refusals do not extend the wait. When the database cannot be asked
/// the request is let through (and logged): the rules behind the limit still decide what is stored and dialed.
/// </summary>
public sealed class DatabaseRateLimits(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<DatabaseRateLimits> logger)
{
    public async Task<RateLimitDecision> TryAcquireAsync(string partition, int permits, TimeSpan window, CancellationToken ct)
    {
        var seconds = (long)Math.Max(1, window.TotalSeconds);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var start = (long)Math.Floor(now / seconds) * seconds;
        var overlap = 1.0 - (now - start) / seconds;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var counts = await db.Database.SqlQuery<WindowCounts>($"""
                INSERT INTO "RateLimitCounters" ("Partition", "WindowStart", "Count") VALUES ({partition}, {start}, 1)
                ON CONFLICT ("Partition", "WindowStart") DO UPDATE SET "Count" = "RateLimitCounters"."Count" + 1
                RETURNING "Count" AS "Current",
                    COALESCE((SELECT p."Count" FROM "RateLimitCounters" p WHERE p."Partition" = {partition} AND p."WindowStart" = {start - seconds}), 0) AS "Previous"
                """).ToListAsync(ct);
            var (current, previous) = (counts[0].Current, counts[0].Previous);
            if (current + previous * overlap <= permits)
            {
                return new RateLimitDecision(true, TimeSpan.Zero);
            }
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "RateLimitCounters" SET "Count" = "Count" - 1 WHERE "Partition" = {partition} AND "WindowStart" = {start} AND "Count" > 0
                """, ct);
            // Until the previous window's weight has fallen enough for one more request, at most until the next window.
            var untilNextWindow = start + seconds - now;
            var wait = previous > 0 && current - 1 < permits
                ? Math.Min(untilNextWindow, seconds * (1.0 - (permits - (current - 1)) / (double)previous) - (now - start))
                : untilNextWindow;
            return new RateLimitDecision(false, TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait))));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The rate limit could not be counted in the database; the request is let through");
            return new RateLimitDecision(true, TimeSpan.Zero);
        }
    }

    /// <summary>Deletes the windows no estimate reads any more (older than two of the longest window).</summary>
    public async Task<int> PurgeAsync(TimeSpan window, CancellationToken ct)
    {
        var seconds = (long)Math.Max(1, window.TotalSeconds);
        var before = clock.GetUtcNow().ToUnixTimeSeconds() - 2 * seconds;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<RateLimitCounter>().Where(c => c.WindowStart < before).ExecuteDeleteAsync(ct);
    }

    private sealed record WindowCounts(int Current, int Previous);
}

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// ASP.NET's rate limiter over <see cref="DatabaseRateLimits"/> for one partition. The synchronous attempt never asks
/// the database (it says "not acquired", and the middleware then awaits <see cref="AcquireAsyncCore"/>).
/// </summary>
public sealed class DatabaseRateLimiter(DatabaseRateLimits limits, string partition, int permits, TimeSpan window) : RateLimiter
{
    private long lastUsed = Environment.TickCount64;

    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Failed(null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, Environment.TickCount64);
        var decision = await limits.TryAcquireAsync(partition, permits, window, cancellationToken);
        return decision.Allowed ? Lease.Acquired : Lease.Failed(decision.RetryAfter);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public static Lease Failed(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
