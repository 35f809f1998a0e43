using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>
/// Deletes completed callbacks (with their attempts and timeline) after each service's retention period,
/// in batches, first folding them into <see cref="DailyServiceStats"/> in the same transaction, so history
/// reports keep their numbers and a batch is never counted twice. The widget's lifecycle events go after
/// <c>Widget:LifecycleRetentionDays</c>, also in batches, and click-to-call reservations after their target service's
/// retention.
/// </summary>
public sealed class PurgeService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IOptions<EngineOptions> options, ILogger<PurgeService> logger,
    IOptions<LifecycleOptions>? lifecycle = null)
{
    /// <returns>The number of callbacks purged.</returns>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await PurgeWidgetEventsAsync(ct);
        await PurgeClickToCallAsync(ct);
        await using var lookup = await dbFactory.CreateDbContextAsync(ct);
        var services = await lookup.CallbackServices.AsNoTracking().Select(s => new { s.Id, s.RetentionDays }).ToListAsync(ct);
        var total = 0;
        foreach (var service in services)
        {
            var cutoff = clock.GetUtcNow().AddDays(-service.RetentionDays);
            int purged;
            do
            {
                purged = await PurgeBatchAsync(service.Id, cutoff, ct);
                total += purged;
            }
            while (purged > 0 && !ct.IsCancellationRequested);
        }
        if (total > 0)
        {
            logger.LogInformation("Purged {Count} completed callbacks past their retention", total);
        }
        return total;
    }

    /// <summary>Deletes lifecycle events received longer ago than the retention, a batch per statement.</summary>
    /// <returns>The number of events deleted.</returns>
    public async Task<int> PurgeWidgetEventsAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-(lifecycle?.Value ?? new LifecycleOptions()).LifecycleRetentionDays);
        var batch = options.Value.PurgeBatch;
        var total = 0;
        int deleted;
        do
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            deleted = await db.WidgetEvents.Where(e => e.ReceivedAt < cutoff).OrderBy(e => e.ReceivedAt).Take(batch).ExecuteDeleteAsync(ct);
            total += deleted;
        }
        while (deleted == batch && !ct.IsCancellationRequested);
        if (total > 0)
        {
            logger.LogInformation("Purged {Count} widget lifecycle events past their retention", total);
        }
        return total;
    }

    /// <summary>
    /// Deletes click-to-call reservations matched or expired longer ago than their group's target service keeps its
    /// callbacks, a batch per statement: they hold the caller's number and the app's context. Live ones are never touched.
    /// </summary>
    /// <returns>The number of reservations deleted.</returns>
    public async Task<int> PurgeClickToCallAsync(CancellationToken ct)
    {
        await using var lookup = await dbFactory.CreateDbContextAsync(ct);
        var groups = await lookup.ClickToCallGroups.AsNoTracking()
            .Join(lookup.CallbackServices, g => g.TargetServiceId, s => s.Id, (g, s) => new { g.Id, s.RetentionDays }).ToListAsync(ct);
        var batch = options.Value.PurgeBatch;
        var total = 0;
        foreach (var group in groups)
        {
            var cutoff = clock.GetUtcNow().AddDays(-group.RetentionDays);
            int deleted;
            do
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                deleted = await db.ClickToCallReservations
                    .Where(r => r.GroupId == group.Id && (r.MatchedAt != null ? r.MatchedAt < cutoff : r.ExpiresAt < cutoff))
                    .OrderBy(r => r.ExpiresAt).Take(batch).ExecuteDeleteAsync(ct);
                total += deleted;
            }
            while (deleted == batch && !ct.IsCancellationRequested);
        }
        if (total > 0)
        {
            logger.LogInformation("Purged {Count} click-to-call reservations past their retention", total);
        }
        return total;
    }

    private async Task<int> PurgeBatchAsync(Guid serviceId, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.Callbacks.AsNoTracking()
            .Where(c => c.ServiceId == serviceId && c.State == CallbackState.Completed && c.CompletedAt < cutoff)
            .OrderBy(c => c.CompletedAt).Take(options.Value.PurgeBatch).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }
        var ids = batch.Select(c => c.Id).ToList();
        foreach (var day in batch.GroupBy(c => DateOnly.FromDateTime(c.CreatedAt.UtcDateTime)))
        {
            var stats = await db.DailyServiceStats.SingleOrDefaultAsync(s => s.ServiceId == serviceId && s.Day == day.Key, ct);
            if (stats is null)
            {
                stats = new DailyServiceStats { ServiceId = serviceId, Day = day.Key };
                db.DailyServiceStats.Add(stats);
            }
            Fold(stats, [.. day]);
        }
        await db.SaveChangesAsync(ct);
        await db.CallbackEvents.Where(e => ids.Contains(e.CallbackId)).ExecuteDeleteAsync(ct);
        await db.PushNotifications.Where(n => ids.Contains(n.CallbackId)).ExecuteDeleteAsync(ct);
        await db.PushSubscriptions.Where(s => ids.Contains(s.CallbackId)).ExecuteDeleteAsync(ct);
        await db.DialAttempts.Where(a => ids.Contains(a.CallbackId)).ExecuteDeleteAsync(ct);
        await db.Callbacks.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return batch.Count;
    }

    private static void Fold(DailyServiceStats stats, List<Callback> callbacks)
    {
        stats.Offered += callbacks.Count;
        stats.Immediate += callbacks.Count(c => c.IsImmediate);
        stats.Scheduled += callbacks.Count(c => !c.IsImmediate);
        stats.Connected += callbacks.Count(c => c.Reason == CompletionReason.AgentConnected);
        stats.Unreachable += callbacks.Count(c => c.Reason == CompletionReason.CustomerUnreachable);
        stats.TimedOut += callbacks.Count(c => c.Reason == CompletionReason.TimedOut);
        stats.Cancelled += callbacks.Count(c => c.Reason is CompletionReason.Cancelled or CompletionReason.CancelledByAdmin);
        stats.OtherCompleted += callbacks.Count(c => c.Reason is CompletionReason.AgentConnectFailed or CompletionReason.PreviewRejected or CompletionReason.Failed);
        stats.Attempts += callbacks.Sum(c => c.AttemptCount);
        stats.TotalWaitToConnectSeconds += (long)callbacks.Sum(c => Promise.WaitToConnectSeconds(c) ?? 0);
        stats.ConnectedWithinPromise += callbacks.Count(Promise.Kept);
        // A new list, so that the change tracker sees the JSON column change.
        var histogram = new List<int>(stats.WaitHistogram);
        foreach (var wait in callbacks.Select(Promise.WaitToConnectSeconds).OfType<double>())
        {
            Reports.WaitBuckets.Add(histogram, wait);
        }
        stats.WaitHistogram = histogram;
    }
}
