using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Reports;

/// <summary>The Callback Summary: its rows (service × period), the same per period over the chosen services (for charts), and totals.</summary>
/// <param name="Estimated">Some 90th percentile is estimated because part of its period was purged.</param>
public sealed record SummaryReport(ReportFilter Filter, IReadOnlyList<SummaryRow> Rows, IReadOnlyList<SummaryRow> ByPeriod, SummaryRow Totals, bool Estimated);

/// <summary>
/// Callback Summary per service and UTC day or hour (DOMAIN.md §8 "History"). Callbacks still stored are read over the
/// indexed creation time, a few columns each, streamed and tallied; the days the purge folded away come from
/// <c>DailyServiceStats</c> and the refusals from <see cref="RuleRefusalStats"/>, so history survives the purge.
/// Callbacks count on the day (or hour) they were created, as the purge folds them.
/// </summary>
public sealed class CallbackSummaryReport(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<SummaryReport> RunAsync(PortalActor reader, ReportFilter filter, CancellationToken ct)
    {
        if (filter.Problem() is { } problem)
        {
            throw new DomainException("invalid-range", problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await ReportScope.ServicesAsync(db, reader, filter.Services, ct);
        var ids = services.Keys.ToList();
        var tallies = new Dictionary<(Guid Service, DateTimeOffset Period, bool WholeDay), SummaryTally>();
        SummaryTally TallyOf(Guid service, DateTimeOffset period, bool wholeDay = false) =>
            tallies.TryGetValue((service, period, wholeDay), out var tally) ? tally : tallies[(service, period, wholeDay)] = new SummaryTally();

        await TallyLiveAsync(db, filter, ids, TallyOf, ct);
        var purgedDays = await db.DailyServiceStats.AsNoTracking()
            .Where(s => s.Day >= filter.From && s.Day <= filter.To && ids.Contains(s.ServiceId)).ToListAsync(ct);
        foreach (var day in purgedDays)
        {
            var start = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            TallyOf(day.ServiceId, start, filter.Granularity == ReportGranularity.Hour).AddPurged(day);
        }
        var refusals = await db.RuleRefusalStats.AsNoTracking()
            .Where(s => s.Hour >= filter.Start && s.Hour < filter.End && ids.Contains(s.ServiceId)).ToListAsync(ct);
        foreach (var refusal in refusals)
        {
            TallyOf(refusal.ServiceId, PeriodOf(refusal.Hour, filter.Granularity)).AddRefusals(refusal.Count);
        }

        var ordered = tallies.OrderBy(t => t.Key.Period).ThenBy(t => t.Key.WholeDay ? 0 : 1).ThenBy(t => services[t.Key.Service], StringComparer.OrdinalIgnoreCase).ToList();
        var rows = ordered.Select(t => t.Value.ToRow(t.Key.Service, services[t.Key.Service], t.Key.Period, t.Key.WholeDay)).ToList();
        var byPeriod = ordered.GroupBy(t => (t.Key.Period, t.Key.WholeDay)).Select(g =>
        {
            var all = new SummaryTally();
            foreach (var (_, tally) in g)
            {
                all.Add(tally);
            }
            return all.ToRow(null, "All services", g.Key.Period, g.Key.WholeDay);
        }).ToList();
        var total = new SummaryTally();
        foreach (var tally in tallies.Values)
        {
            total.Add(tally);
        }
        var totals = total.ToRow(null, "All services", null, false);
        return new SummaryReport(filter, rows, byPeriod, totals, rows.Any(r => r.P90Estimated) || totals.P90Estimated);
    }

    private static async Task TallyLiveAsync(AppDbContext db, ReportFilter filter, List<Guid> ids,
        Func<Guid, DateTimeOffset, bool, SummaryTally> tallyOf, CancellationToken ct)
    {
        var (start, end) = (filter.Start, filter.End);
        var live = db.Callbacks.AsNoTracking()
            .Where(c => c.CreatedAt >= start && c.CreatedAt < end && ids.Contains(c.ServiceId))
            .Select(c => new { c.ServiceId, c.CreatedAt, c.IsImmediate, c.Reason, c.AttemptCount, c.ProcessingAt, c.DesiredTime, c.EwtAtOffer });
        // One scratch callback carries each row's few fields into Promise, the one definition of wait and promise kept.
        var subject = new Callback();
        await foreach (var c in live.AsAsyncEnumerable().WithCancellation(ct))
        {
            subject.IsImmediate = c.IsImmediate;
            subject.CreatedAt = c.CreatedAt;
            subject.DesiredTime = c.DesiredTime;
            subject.EwtAtOffer = c.EwtAtOffer;
            subject.ProcessingAt = c.ProcessingAt;
            var connected = c.Reason == CompletionReason.AgentConnected;
            tallyOf(c.ServiceId, PeriodOf(c.CreatedAt, filter.Granularity), false)
                .AddLive(c.IsImmediate, c.Reason, c.AttemptCount, connected ? Promise.WaitToConnectSeconds(subject) : null, connected && Promise.Kept(subject));
        }
    }

    /// <summary>The start of the UTC day or hour <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset PeriodOf(DateTimeOffset at, ReportGranularity granularity)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, granularity == ReportGranularity.Hour ? utc.Hour : 0, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>The services a report reads: those asked for (all when none) that the reader may see, by id with their names.</summary>
internal static class ReportScope
{
    public static async Task<Dictionary<Guid, string>> ServicesAsync(AppDbContext db, PortalActor reader, IReadOnlyList<Guid>? wanted, CancellationToken ct)
    {
        var query = reader.Scope.Filter(db.CallbackServices.AsNoTracking());
        if (wanted is { Count: > 0 })
        {
            var ids = wanted.ToList();
            query = query.Where(s => ids.Contains(s.Id));
        }
        return await query.Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
    }
}
