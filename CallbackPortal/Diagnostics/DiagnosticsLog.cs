using System.Threading.Channels;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Diagnostics;

/// <summary>
/// Takes error-log entries and CORS rejections from requests without making them wait for the database:
/// entries go into a bounded queue that a background writer saves in batches. Under a flood the queue
/// fills and further entries are counted as dropped, so logging abuse can never become a way to slow the API.
/// </summary>
public sealed class DiagnosticsLog
{
    private readonly Channel<object> queue;
    private long dropped;

    public DiagnosticsLog(IOptions<DiagnosticsOptions> options)
    {
        queue = Channel.CreateBounded<object>(new BoundedChannelOptions(options.Value.QueueLength)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref dropped));
    }

    /// <summary>Entries not recorded because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Records the entry, its texts clipped to their columns (paths, origins and details come from outside).</summary>
    public void Record(ApiErrorEntry entry)
    {
        entry.Service = DiagnosticsLimits.Clip(entry.Service, DiagnosticsLimits.Service);
        entry.Method = DiagnosticsLimits.Clip(entry.Method, DiagnosticsLimits.Method)!;
        entry.Path = DiagnosticsLimits.Clip(entry.Path, DiagnosticsLimits.Path)!;
        entry.Origin = DiagnosticsLimits.Clip(entry.Origin, DiagnosticsLimits.Origin);
        entry.ClientHash = DiagnosticsLimits.Clip(entry.ClientHash, DiagnosticsLimits.ClientHash);
        entry.Code = DiagnosticsLimits.Clip(entry.Code, DiagnosticsLimits.Code)!;
        entry.Detail = DiagnosticsLimits.Clip(entry.Detail, DiagnosticsLimits.Detail);
        entry.Rule = DiagnosticsLimits.Clip(entry.Rule, DiagnosticsLimits.Rule);
        entry.CorrelationId = DiagnosticsLimits.Clip(entry.CorrelationId, DiagnosticsLimits.CorrelationId);
        queue.Writer.TryWrite(entry);
    }

    /// <summary>Records the rejection, its texts clipped to their columns.</summary>
    public void Record(CorsRejection rejection)
    {
        rejection.Origin = DiagnosticsLimits.Clip(rejection.Origin, DiagnosticsLimits.Origin)!;
        rejection.Service = DiagnosticsLimits.Clip(rejection.Service, DiagnosticsLimits.Service);
        rejection.Method = DiagnosticsLimits.Clip(rejection.Method, DiagnosticsLimits.Method)!;
        rejection.Path = DiagnosticsLimits.Clip(rejection.Path, DiagnosticsLimits.Path)!;
        queue.Writer.TryWrite(rejection);
    }

    internal ChannelReader<object> Reader => queue.Reader;
}

/// <summary>Saves queued diagnostics entries in batches of up to 500 per transaction.</summary>
public sealed class DiagnosticsWriter(DiagnosticsLog log, IDbContextFactory<AppDbContext> dbFactory, ILogger<DiagnosticsWriter> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<object>(Batch);
        try
        {
            while (await log.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < Batch && log.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }
                await SaveAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is diagnostics, not data, and is let go.
        }
    }

    private async Task SaveAsync(List<object> batch, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ApiErrors.AddRange(batch.OfType<ApiErrorEntry>());
            db.CorsRejections.AddRange(batch.OfType<CorsRejection>());
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not save {Count} diagnostics entries", batch.Count);
        }
    }
}

/// <summary>Keeps the diagnostics tables bounded: older than the retention period, or beyond the row cap, goes.</summary>
public sealed class DiagnosticsHousekeeping(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IOptions<DiagnosticsOptions> options)
{
    public async Task<int> TrimAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var cutoff = clock.GetUtcNow().AddDays(-settings.RetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await TrimAsync(db.ApiErrors, cutoff, settings.MaxRows, ct) + await TrimAsync(db.CorsRejections, cutoff, settings.MaxRows, ct);
    }

    private static async Task<int> TrimAsync<T>(IQueryable<T> rows, DateTimeOffset cutoff, int maxRows, CancellationToken ct) where T : class, IDiagnosticsRow
    {
        var removed = await rows.Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
        // Rows are written as they happen, so the highest ids are the newest: everything from the first id past the cap goes.
        var firstBeyondCap = await rows.OrderByDescending(e => e.Id).Skip(maxRows).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        return removed + (firstBeyondCap is { } id ? await rows.Where(e => e.Id <= id).ExecuteDeleteAsync(ct) : 0);
    }
}
