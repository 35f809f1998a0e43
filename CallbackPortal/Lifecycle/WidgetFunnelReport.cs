using System.Globalization;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Diagnostics;
using CallbackPortal.Reports;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Lifecycle;

/// <summary>The widget funnel: rows per service and period, and the totals.</summary>
public sealed record FunnelReport(ReportFilter Filter, IReadOnlyList<FunnelRow> Rows, FunnelRow Totals);

/// <summary>
/// The widget funnel on the reports page (opened → submitted → scheduled), per service and UTC day or hour, with the
/// same filter as the Callback Summary. The database groups the events by session (one row per session, never every
/// event); sessions count in the period of their first event. Events are read from a day before the range so a session
/// that began before it is not mistaken for one that began inside it.
/// </summary>
public sealed class WidgetFunnelReport(IDbContextFactory<AppDbContext> dbFactory)
{
    public const string CsvHeader =
        "period_utc,service,sessions,ready,opened,started,submitted,scheduled,cancelled,opened_to_submitted_pct,submitted_to_scheduled_pct,"
        + "median_open_to_submit_s,captcha_shown,validation_errors_per_submitted,submit_attempts_per_submitted,proactive_pct";

    public async Task<FunnelReport> RunAsync(PortalActor reader, ReportFilter filter, CancellationToken ct)
    {
        if (filter.Problem() is { } problem)
        {
            throw new DomainException("invalid-range", problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await ReportScope.ServicesAsync(db, reader, filter.Services, ct);
        var ids = services.Keys.ToList();
        var tallies = new Dictionary<(Guid Service, DateTimeOffset Period), FunnelTally>();
        var (start, end) = (filter.Start, filter.End);
        var (readFrom, readTo) = (start.AddDays(-1), end.AddDays(1));
        var sessions = db.WidgetEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ServiceId) && e.At >= readFrom && e.At < readTo)
            .GroupBy(e => new { e.ServiceId, e.SessionId })
            // Conditional aggregates, so the database reads each event once (Any/Where inside a group would be a subquery per session).
            .Select(g => new
            {
                g.Key.ServiceId,
                First = g.Min(e => e.At),
                Ready = g.Max(e => e.Event == WidgetEventNames.Ready ? 1 : 0),
                Opened = g.Max(e => e.Event == WidgetEventNames.Opened ? 1 : 0),
                Started = g.Max(e => e.Event == WidgetEventNames.Started ? 1 : 0),
                Submitted = g.Max(e => e.Event == WidgetEventNames.Submitted ? 1 : 0),
                Completed = g.Max(e => e.Event == WidgetEventNames.Completed ? 1 : 0),
                Cancelled = g.Max(e => e.Event == WidgetEventNames.Cancelled ? 1 : 0),
                Linked = g.Max(e => e.CallbackId != null ? 1 : 0),
                OpenedAt = g.Min(e => e.Event == WidgetEventNames.Opened ? (DateTimeOffset?)e.At : null),
                SubmittedAt = g.Min(e => e.Event == WidgetEventNames.Submitted ? (DateTimeOffset?)e.At : null),
                Captcha = g.Max(e => e.CaptchaShown ? 1 : 0),
                Proactive = g.Max(e => e.Proactive ? 1 : 0),
                SubmitAttempts = g.Max(e => e.SubmitAttempts),
                ValidationErrors = g.Max(e => e.ValidationErrors),
            })
            .AsAsyncEnumerable();
        await foreach (var g in sessions.WithCancellation(ct))
        {
            var session = new SessionFacts(g.ServiceId, g.First, g.Ready == 1, g.Opened == 1, g.Started == 1, g.Submitted == 1, g.Completed == 1, g.Cancelled == 1,
                g.Linked == 1, g.OpenedAt, g.SubmittedAt, g.Captcha == 1, g.Proactive == 1, g.SubmitAttempts, g.ValidationErrors);
            if (session.First < start || session.First >= end)
            {
                continue;
            }
            var key = (session.ServiceId, CallbackSummaryReport.PeriodOf(session.First, filter.Granularity));
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new FunnelTally();
            }
            tally.Add(session);
        }
        var rows = tallies.OrderBy(t => t.Key.Period).ThenBy(t => services[t.Key.Service], StringComparer.OrdinalIgnoreCase)
            .Select(t => t.Value.ToRow(t.Key.Service, services[t.Key.Service], t.Key.Period)).ToList();
        var total = new FunnelTally();
        foreach (var tally in tallies.Values)
        {
            total.Add(tally);
        }
        return new FunnelReport(filter, rows, total.ToRow(null, "All services", null));
    }

    public static string CsvLine(FunnelRow r, ReportGranularity granularity) => string.Join(',',
        CsvCells.Cell(r.PeriodText(granularity)), CsvCells.Cell(r.Service),
        Number(r.Sessions), Number(r.Ready), Number(r.Opened), Number(r.Started), Number(r.Submitted), Number(r.Scheduled), Number(r.Cancelled),
        Decimal(r.OpenedToSubmitted * 100, "0.0"), Decimal(r.SubmittedToScheduled * 100, "0.0"), Decimal(r.MedianOpenToSubmitSeconds, "0.0"),
        Number(r.CaptchaShown), Decimal(r.ValidationErrorsPerSubmitted, "0.00"), Decimal(r.SubmitAttemptsPerSubmitted, "0.00"), Decimal(r.ProactiveShare * 100, "0.0"));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
