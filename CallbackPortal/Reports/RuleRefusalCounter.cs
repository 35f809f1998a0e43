using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CallbackPortal.Reports;

/// <summary>
/// Counts requests refused by a protection rule into <see cref="RuleRefusalStats"/>. Refusals are counted in memory
/// and written about once a second (and at shutdown) as one upsert per service, hour and rule, so a flood of refused
/// requests — a callback-bombing attack — costs no database write per request.
/// </summary>
public sealed class RuleRefusalCounter(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, WriteGate writeGate, ILogger<RuleRefusalCounter> logger)
    : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);

    // Stored the way the model stores every DateTimeOffset on SQLite (see AppDbContext), since the upsert is plain SQL.
    private static readonly DateTimeOffsetToBinaryConverter HourColumn = new();

    // Never disposed: a flush can still be running when the container disposes this service at shutdown, and a
    // SemaphoreSlim whose wait handle is never asked for holds nothing that needs disposing.
    private readonly SemaphoreSlim flushing = new(1, 1);
    // A plain lock: uncontended it costs nanoseconds, and it makes the swap in FlushAsync exact (no late increment lost).
    private readonly Lock counting = new();
    private Dictionary<RefusalKey, int> pending = [];

    /// <summary>Counts one refusal by <paramref name="rule"/> for the service in the current UTC hour.</summary>
    public void Count(Guid serviceId, string rule)
    {
        var now = clock.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        lock (counting)
        {
            Add(pending, new RefusalKey(serviceId, hour, rule), 1);
        }
    }

    private static void Add(Dictionary<RefusalKey, int> counts, RefusalKey key, int count) =>
        counts[key] = counts.GetValueOrDefault(key) + count;

    /// <summary>Writes what was counted since the last flush; counts that fail to write are kept for the next one.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await flushing.WaitAsync(ct);
        try
        {
            Dictionary<RefusalKey, int> batch;
            lock (counting)
            {
                (batch, pending) = (pending, []);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await WriteAsync(batch, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lock (counting)
                {
                    foreach (var (key, count) in batch)
                    {
                        Add(pending, key, count);
                    }
                }
                throw;
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    private async Task WriteAsync(Dictionary<RefusalKey, int> batch, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var turn = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var ((serviceId, hour, rule), count) in batch)
        {
            var hourValue = (long)HourColumn.ConvertToProvider(hour)!;
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "RuleRefusalStats" ("ServiceId", "Hour", "Rule", "Count") VALUES ({serviceId}, {hourValue}, {rule}, {count})
                ON CONFLICT ("ServiceId", "Hour", "Rule") DO UPDATE SET "Count" = "RuleRefusalStats"."Count" + excluded."Count"
                """, ct);
        }
        await transaction.CommitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the injected clock: how often to write is plumbing, and a test's frozen clock must not stop it.
        using var timer = new PeriodicTimer(FlushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushQuietlyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync flushes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushQuietlyAsync(cancellationToken);
    }

    private async Task FlushQuietlyAsync(CancellationToken ct)
    {
        try
        {
            await FlushAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not write rule refusal counts; they are kept for the next attempt");
        }
    }

    private readonly record struct RefusalKey(Guid ServiceId, DateTimeOffset Hour, string Rule);
}
