using System.Globalization;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using Microsoft.AspNetCore.Authorization;

namespace CallbackPortal.Reports;

/// <summary>
/// The reports' CSV downloads, <c>/reports/summary.csv</c>, <c>/reports/details.csv</c> and <c>/reports/funnel.csv</c>, with the page's filters
/// (<c>from</c>, <c>to</c> as yyyy-MM-dd UTC days, <c>granularity</c> day|hour, <c>services</c> as comma-separated ids),
/// for the reports permission and within the reader's services. Streamed; cells are defused for spreadsheets.
/// </summary>
public static class ReportExports
{
    public static void MapReportExports(this WebApplication app)
    {
        app.MapGet("/reports/summary.csv", async (string? from, string? to, string? granularity, string? services, CallbackSummaryReport reports,
            PortalActors actors, HttpContext context, CancellationToken ct) =>
        {
            if (!TryFilter(from, to, granularity, services, out var filter, out var problem))
            {
                return Results.Problem(detail: problem, statusCode: StatusCodes.Status400BadRequest, title: "The report's filters are not usable");
            }
            var report = await reports.RunAsync(await actors.ForAsync(context.User, ct), filter, ct);
            return Csv("callback-summary.csv", async writer =>
            {
                await writer.WriteLineAsync(SummaryHeader);
                foreach (var row in report.Rows.Append(report.Totals))
                {
                    await writer.WriteLineAsync(SummaryLine(row, filter.Granularity));
                }
            });
        }).RequireAuthorization(Permissions.Reports.View).ExcludeFromDescription();

        app.MapGet("/reports/funnel.csv", async (string? from, string? to, string? granularity, string? services, Lifecycle.WidgetFunnelReport funnels,
            PortalActors actors, HttpContext context, CancellationToken ct) =>
        {
            if (!TryFilter(from, to, granularity, services, out var filter, out var problem))
            {
                return Results.Problem(detail: problem, statusCode: StatusCodes.Status400BadRequest, title: "The report's filters are not usable");
            }
            var report = await funnels.RunAsync(await actors.ForAsync(context.User, ct), filter, ct);
            return Csv("widget-funnel.csv", async writer =>
            {
                await writer.WriteLineAsync(Lifecycle.WidgetFunnelReport.CsvHeader);
                foreach (var row in report.Rows.Append(report.Totals))
                {
                    await writer.WriteLineAsync(Lifecycle.WidgetFunnelReport.CsvLine(row, filter.Granularity));
                }
            });
        }).RequireAuthorization(Permissions.Reports.View).ExcludeFromDescription();

        app.MapGet("/reports/details.csv", async (string? from, string? to, string? services, CallbackDetailsReport details, PortalActors actors,
            IAuthorizationService authorization, HttpContext context, CancellationToken ct) =>
        {
            if (!TryFilter(from, to, null, services, out var filter, out var problem))
            {
                return Results.Problem(detail: problem, statusCode: StatusCodes.Status400BadRequest, title: "The report's filters are not usable");
            }
            var reader = await actors.ForAsync(context.User, ct);
            var mayManage = (await authorization.AuthorizeAsync(context.User, Permissions.Callbacks.Manage)).Succeeded;
            return Csv("callback-details.csv", async writer =>
            {
                await writer.WriteLineAsync(CallbackDetailsReport.CsvHeader);
                await foreach (var row in details.AllAsync(reader, filter, mayManage, ct))
                {
                    await writer.WriteLineAsync(CallbackDetailsReport.CsvLine(row));
                }
            });
        }).RequireAuthorization(Permissions.Reports.View).ExcludeFromDescription();
    }

    /// <summary>The page's link to a download with its current filters.</summary>
    public static string Href(string report, ReportFilter filter) =>
        $"/reports/{report}.csv?from={filter.From:yyyy-MM-dd}&to={filter.To:yyyy-MM-dd}&granularity={filter.Granularity.ToString().ToLowerInvariant()}"
        + $"&services={string.Join(',', filter.Services ?? [])}";

    public const string SummaryHeader =
        "period_utc,service,offered,accepted,rejected_by_rule,immediate,scheduled,connected,unreachable,timed_out,cancelled,other_completed,attempts,"
        + "avg_wait_to_connect_s,p90_wait_to_connect_s,p90_estimated,promise_kept_pct,attempts_per_connection,includes_purged";

    public static string SummaryLine(SummaryRow r, ReportGranularity granularity) => string.Join(',',
        Diagnostics.CsvCells.Cell(r.PeriodText(granularity)), Diagnostics.CsvCells.Cell(r.Service),
        Number(r.Offered), Number(r.Accepted), Number(r.RejectedByRule), Number(r.Immediate), Number(r.Scheduled), Number(r.Connected), Number(r.Unreachable),
        Number(r.TimedOut), Number(r.Cancelled), Number(r.OtherCompleted), Number(r.Attempts),
        Decimal(r.AverageWaitSeconds, "0.0"), Decimal(r.P90WaitSeconds, "0.0"), r.P90Estimated ? "yes" : "no", Decimal(r.PromiseKeptShare * 100, "0.0"),
        Decimal(r.AttemptsPerConnection, "0.00"), r.IncludesPurged ? "yes" : "no");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    private static bool TryFilter(string? from, string? to, string? granularity, string? services, out ReportFilter filter, out string problem)
    {
        filter = default!;
        problem = "";
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            problem = "Give 'from' and 'to' as dates, yyyy-MM-dd (UTC days).";
            return false;
        }
        if (!Enum.TryParse<ReportGranularity>(string.IsNullOrEmpty(granularity) ? "day" : granularity, ignoreCase: true, out var rows) || !Enum.IsDefined(rows))
        {
            problem = "Give 'granularity' as day or hour.";
            return false;
        }
        var ids = new List<Guid>();
        foreach (var part in (services ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id))
            {
                problem = $"'{part}' is not a service id.";
                return false;
            }
            ids.Add(id);
        }
        filter = new ReportFilter(start, end, ids, rows);
        problem = filter.Problem() ?? "";
        return problem.Length == 0;
    }

    private static IResult Csv(string fileName, Func<StreamWriter, Task> write) => Results.Stream(async body =>
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
        await write(writer);
    }, "text/csv; charset=utf-8", fileName);
}
