using Microsoft.EntityFrameworkCore;
using System.Globalization;
using System.Text;
using CallbackPortal.Callbacks;
using CallbackPortal.Diagnostics;

namespace CallbackPortal.CallbackList;

public enum BulkOutcome
{
    Cancelled,
    /// <summary>Not cancellable (already over, or connected), or changed by someone else meanwhile: reported, not an error.</summary>
    Skipped,
    Failed,
}

/// <summary>What happened to one callback of a bulk cancel.</summary>
public sealed record BulkCancelResult(Guid Id, string Service, string Phone, DateTimeOffset DesiredTime, BulkOutcome Outcome, string Detail);

/// <summary>A bulk cancel's results, one per callback, and the totals the page states.</summary>
public sealed record BulkCancelSummary(IReadOnlyList<BulkCancelResult> Results, bool Stopped = false)
{
    public int Cancelled => Results.Count(r => r.Outcome == BulkOutcome.Cancelled);
    public int Skipped => Results.Count(r => r.Outcome == BulkOutcome.Skipped);
    public int Failed => Results.Count(r => r.Outcome == BulkOutcome.Failed);

    public async Task WriteCsvAsync(Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync("callback_id,service,phone,desired_time_utc,outcome,detail");
        foreach (var r in Results)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(CsvCells.Line(r.Id.ToString(), r.Service, r.Phone,
                r.DesiredTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), r.Outcome.ToString(), r.Detail));
        }
    }
}

/// <summary>
/// Cancels many callbacks for a supervisor: a selection, a page, or the whole filtered range (read in batches, never
/// all at once). Each callback is cancelled on its own through <see cref="CallbackActions"/>, so one that someone else
/// changed meanwhile is skipped with its new state and the rest go on.
/// </summary>
public sealed class BulkCancellation(CallbackSearch search, CallbackActions actions, ListDownloads downloads,
    IDbContextFactory<Data.AppDbContext> dbFactory, Audit.AuditLog audit)
{
    public const int BatchSize = 200;
    public const string Detail = "bulk cancel";

    /// <summary>Cancels the given callbacks (a selection or a page) that the reader may see.</summary>
    public async Task<BulkCancelSummary> CancelAsync(ListReader reader, IReadOnlyCollection<Guid> ids, IProgress<int>? progress, CancellationToken ct)
    {
        reader.RequireManage();
        var rows = await search.RowsAsync(reader, ids, ct);
        var results = new List<BulkCancelResult>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            results.Add(rows.TryGetValue(id, out var row)
                ? await CancelOneAsync(reader, row, ct)
                : new BulkCancelResult(id, "", "", default, BulkOutcome.Skipped, "not found (purged, or in a service you may not see)"));
            progress?.Report(results.Count);
        }
        return await AuditedAsync(reader, $"{ids.Count} selected callbacks", new BulkCancelSummary(results), ct);
    }

    /// <summary>Cancels every callback the filter matches, batch by batch; stops (keeping what was done) when <paramref name="ct"/> fires.</summary>
    public async Task<BulkCancelSummary> CancelRangeAsync(ListReader reader, CallbackFilter filter, IProgress<int>? progress, CancellationToken ct)
    {
        reader.RequireManage();
        var results = new List<BulkCancelResult>();
        try
        {
            await foreach (var batch in search.BatchesAsync(reader, filter, BatchSize, ct))
            {
                foreach (var row in batch)
                {
                    results.Add(await CancelOneAsync(reader, row, ct));
                }
                progress?.Report(results.Count);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return await AuditedAsync(reader, "the filtered range (stopped)", new BulkCancelSummary(results, Stopped: true), CancellationToken.None);
        }
        return await AuditedAsync(reader, "the filtered range", new BulkCancelSummary(results), ct);
    }

    /// <summary>
    /// A bulk cancel is one audit entry (who, what, how many cancelled / skipped / failed); each callback's own timeline
    /// names the supervisor as well.
    /// </summary>
    private async Task<BulkCancelSummary> AuditedAsync(ListReader reader, string what, BulkCancelSummary summary, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Record(db, reader.Actor, Audit.AuditAreas.Callbacks, Audit.AuditActions.BulkCancelled, what, null,
            new { summary.Cancelled, summary.Skipped, summary.Failed, summary.Stopped });
        await db.SaveChangesAsync(ct);
        return summary;
    }

    /// <summary>Writes the summary as a CSV file the reader can download (for an hour).</summary>
    public async Task<ListDownload> SaveSummaryAsync(ListReader reader, BulkCancelSummary summary, CancellationToken ct)
    {
        var file = downloads.Create(reader.Actor.UserId ?? "", $"bulk-cancel-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        await using var stream = File.Create(file.Path);
        await summary.WriteCsvAsync(stream, ct);
        return file;
    }

    private async Task<BulkCancelResult> CancelOneAsync(ListReader reader, CallbackRow row, CancellationToken ct)
    {
        BulkCancelResult Result(BulkOutcome outcome, string detail) => new(row.Id, row.ServiceName, row.Phone, row.DesiredTime, outcome, detail);
        if (!row.Cancellable)
        {
            return Result(BulkOutcome.Skipped, row.Reason is { } reason ? $"{row.State} ({reason})" : row.State.ToString());
        }
        try
        {
            await actions.CancelAsync(row.Id, Actor.Supervisor, Detail, ct, reader.Actor.Name);
            return Result(BulkOutcome.Cancelled, "");
        }
        catch (DomainException e) when (e.Code is "not-cancellable" or "conflict" or "not-found")
        {
            var now = await search.StateAsync(row.Id, ct);
            return Result(BulkOutcome.Skipped, now is null ? "changed by someone else meanwhile: no longer exists"
                : $"changed by someone else meanwhile: now {now}");
        }
        catch (DomainException e)
        {
            return Result(BulkOutcome.Failed, e.Message);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e)
        {
            return Result(BulkOutcome.Failed, e.GetBaseException().Message);
        }
    }
}
