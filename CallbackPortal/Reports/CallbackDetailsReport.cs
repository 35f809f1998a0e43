using System.Globalization;
using System.Runtime.CompilerServices;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Reports;

/// <summary>One callback in the Callback Details report (phone masked unless the reader may manage callbacks).</summary>
/// <param name="AttemptResults">Each dial attempt's result in order, "NoAnswer, Busy, Person" ("…" for one still under way).</param>
public sealed record DetailRow(
    Guid Id, DateTimeOffset CreatedAt, string Service, bool Immediate, DateTimeOffset DesiredTime, CallbackState State, CompletionReason? Reason,
    string Phone, int? EwtAtOffer, int? PositionAtOffer, int? EwtAtDial, int? PositionAtDial, int Attempts, string AttemptResults,
    double? WaitToConnectSeconds, bool? PromiseKept, string? Disposition);

public sealed record DetailPage(IReadOnlyList<DetailRow> Rows, int Total, int Page, int PageSize);

/// <summary>
/// Callback Details: one row per callback created in the range (newest first), with the wait and queue position it was
/// offered and dialed at, and its attempts. Paged in the database for the page; streamed in chunks for the CSV export.
/// Purged callbacks are gone from this report (their numbers live on in the summary).
/// </summary>
public sealed class CallbackDetailsReport(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxPageSize = 200;
    private const int ExportChunk = 500;

    public async Task<DetailPage> PageAsync(PortalActor reader, ReportFilter filter, int page, int pageSize, bool mayManage, CancellationToken ct)
    {
        if (filter.Problem() is { } problem)
        {
            throw new DomainException("invalid-range", problem);
        }
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await ReportScope.ServicesAsync(db, reader, filter.Services, ct);
        var query = InRange(db, filter, [.. services.Keys]);
        var total = await query.CountAsync(ct);
        var callbacks = await Newest(query).Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return new DetailPage(await RowsAsync(db, callbacks, services, mayManage, ct), total, page, pageSize);
    }

    /// <summary>
    /// Every callback of the range, newest first, read a chunk at a time so memory stays flat; each chunk continues below the
    /// last creation time read (keyset, not an ever-growing OFFSET), skipping the callbacks already read at that very time.
    /// </summary>
    public IAsyncEnumerable<DetailRow> AllAsync(PortalActor reader, ReportFilter filter, bool mayManage, CancellationToken ct) =>
        AllAsync(reader, filter, mayManage, ExportChunk, ct);

    internal async IAsyncEnumerable<DetailRow> AllAsync(PortalActor reader, ReportFilter filter, bool mayManage, int chunkSize,
        [EnumeratorCancellation] CancellationToken ct)
    {
        if (filter.Problem() is { } problem)
        {
            throw new DomainException("invalid-range", problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await ReportScope.ServicesAsync(db, reader, filter.Services, ct);
        var query = InRange(db, filter, [.. services.Keys]);
        DateTimeOffset? boundary = null;
        var readAtBoundary = new HashSet<Guid>();
        while (true)
        {
            var next = query;
            if (boundary is { } before)
            {
                var skip = readAtBoundary.ToList();
                next = next.Where(c => c.CreatedAt <= before && !skip.Contains(c.Id));
            }
            var chunk = await Newest(next).Take(chunkSize).ToListAsync(ct);
            foreach (var row in await RowsAsync(db, chunk, services, mayManage, ct))
            {
                yield return row;
            }
            if (chunk.Count < chunkSize)
            {
                yield break;
            }
            var last = chunk[^1].CreatedAt;
            if (last != boundary)
            {
                readAtBoundary.Clear();
            }
            boundary = last;
            readAtBoundary.UnionWith(chunk.Where(c => c.CreatedAt == last).Select(c => c.Id));
        }
    }

    public static readonly string CsvHeader =
        "created_utc,service,kind,desired_utc,state,reason,phone,ewt_at_offer_s,position_at_offer,ewt_at_dial_s,position_at_dial,attempts,attempt_results,wait_to_connect_s,promise_kept,disposition";

    public static string CsvLine(DetailRow r) => string.Join(',',
        Cell(Utc(r.CreatedAt)), Cell(r.Service), r.Immediate ? "immediate" : "scheduled", Cell(Utc(r.DesiredTime)), r.State.ToString(), r.Reason?.ToString() ?? "",
        Cell(r.Phone), Number(r.EwtAtOffer), Number(r.PositionAtOffer), Number(r.EwtAtDial), Number(r.PositionAtDial), Number(r.Attempts), Cell(r.AttemptResults),
        r.WaitToConnectSeconds?.ToString("0", CultureInfo.InvariantCulture) ?? "", r.PromiseKept switch { true => "yes", false => "no", null => "" }, Cell(r.Disposition));

    private static string Cell(string? value) => Diagnostics.CsvCells.Cell(value);

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IQueryable<Callback> InRange(AppDbContext db, ReportFilter filter, List<Guid> ids)
    {
        var (start, end) = (filter.Start, filter.End);
        return db.Callbacks.AsNoTracking().Where(c => c.CreatedAt >= start && c.CreatedAt < end && ids.Contains(c.ServiceId));
    }

    private static IQueryable<Callback> Newest(IQueryable<Callback> query) => query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id);

    private static async Task<List<DetailRow>> RowsAsync(AppDbContext db, List<Callback> callbacks, Dictionary<Guid, string> services, bool mayManage, CancellationToken ct)
    {
        var ids = callbacks.Select(c => c.Id).ToList();
        var attempts = (await db.DialAttempts.AsNoTracking().Where(a => ids.Contains(a.CallbackId))
                .Select(a => new { a.CallbackId, a.Number, a.Result }).ToListAsync(ct))
            .ToLookup(a => a.CallbackId);
        return [.. callbacks.Select(c =>
        {
            var connected = c.Reason == CompletionReason.AgentConnected;
            var results = string.Join(", ", attempts[c.Id].OrderBy(a => a.Number).Select(a => a.Result?.ToString() ?? "…"));
            return new DetailRow(c.Id, c.CreatedAt, services[c.ServiceId], c.IsImmediate, c.DesiredTime, c.State, c.Reason, PhoneMasking.Show(c.PhoneNumber, mayManage),
                c.EwtAtOffer, c.PositionAtOffer, c.EwtAtDial, c.PositionAtDial, c.AttemptCount, results,
                connected ? Promise.WaitToConnectSeconds(c) : null, connected ? Promise.Kept(c) : null, c.Disposition);
        })];
    }
}
