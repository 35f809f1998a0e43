using CallbackPortal.Access;
using System.Globalization;
using System.Text;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using static CallbackPortal.Diagnostics.CsvCells;

namespace CallbackPortal.Diagnostics;

/// <summary>What the error log page filters by; every part optional.</summary>
public sealed record ApiErrorFilter(DateTimeOffset? Since = null, string? Service = null, string? Code = null, string? Origin = null);

/// <summary>Reads the API error log for the diagnostics page and its CSV export, newest first.</summary>
public sealed class ApiErrorLogQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int PageSize = 200;

    public async Task<IReadOnlyList<ApiErrorEntry>> SearchAsync(PortalActor reader, ApiErrorFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await FilteredAsync(db, reader, filter, ct)).Take(PageSize).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> CodesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiErrors.Select(e => e.Code).Distinct().OrderBy(c => c).ToListAsync(ct);
    }

    /// <summary>Streams every matching entry as CSV (RFC 4180 quoting; cells that a spreadsheet would run as formulas are defused).</summary>
    public async Task WriteCsvAsync(PortalActor reader, ApiErrorFilter filter, Stream output, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync("time_utc,service,method,path,origin,client,status,code,rule,detail,correlation_id");
        await foreach (var e in (await FilteredAsync(db, reader, filter, ct)).AsAsyncEnumerable().WithCancellation(ct))
        {
            await writer.WriteLineAsync(string.Join(',',
                Cell(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), Cell(e.Service), Cell(e.Method), Cell(e.Path),
                Cell(e.Origin), Cell(e.ClientHash), Cell(e.Status.ToString(CultureInfo.InvariantCulture)), Cell(e.Code), Cell(e.Rule), Cell(e.Detail),
                Cell(e.CorrelationId)));
        }
    }

    private static async Task<IQueryable<ApiErrorEntry>> FilteredAsync(AppDbContext db, PortalActor reader, ApiErrorFilter filter, CancellationToken ct)
    {
        var query = await db.ApiErrors.AsNoTracking().Matching(filter.Since, filter.Service, filter.Origin).VisibleToAsync(db, reader, ct);
        if (!string.IsNullOrWhiteSpace(filter.Code))
        {
            query = query.Where(e => e.Code == filter.Code);
        }
        return query.NewestFirst();
    }
}

public static class ApiErrorExport
{
    /// <summary>The error log's CSV export at <c>/diagnostics/errors.csv</c>, for the diagnostics permission (the page links to it).</summary>
    public static void MapApiErrorExport(this WebApplication app) =>
        app.MapGet("/diagnostics/errors.csv", async (int? hours, string? service, string? code, string? origin, ApiErrorLogQuery log, TimeProvider clock,
            PortalActors actors, HttpContext context, CancellationToken ct) =>
        {
            var reader = await actors.ForAsync(context.User, ct);
            var response = context.Response;
            var filter = new ApiErrorFilter(clock.GetUtcNow().AddHours(-Math.Clamp(hours ?? 24, 1, 24 * 3650)), service, code, origin);
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"api-errors.csv\"";
            await log.WriteCsvAsync(reader, filter, response.Body, ct);
        }).RequireAuthorization(Access.Permissions.Diagnostics.View).ExcludeFromDescription();
}
