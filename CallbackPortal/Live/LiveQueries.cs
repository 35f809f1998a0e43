using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Live;

/// <summary>
/// Computes the live dashboard's figures for every service. Each query reads callbacks through an index (open ones by
/// state, completed ones by completion time, new ones by creation time), so the cost follows today's traffic, not the
/// size of the table: millions of old completed callbacks are never read.
/// </summary>
public sealed class LiveQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, WaitTimes waitTimes)
{
    private static readonly CallbackState[] OpenStates = [CallbackState.Queued, CallbackState.Routing, CallbackState.Processing, CallbackState.Paused];

    public async Task<LiveSnapshot> ComputeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var firstMinute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1 - LiveFigures.Minutes);
        var nextHour = now.AddHours(1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await db.CallbackServices.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Key).ToListAsync(ct);
        var days = services.ToDictionary(s => s.Id, s => Today(s, now));
        var earliest = days.Count == 0 ? now : days.Values.Min(d => d.Start);

        var open = await db.Callbacks.Where(c => OpenStates.Contains(c.State))
            .GroupBy(c => new { c.ServiceId, c.State }).Select(g => new { g.Key.ServiceId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var oldest = await db.Callbacks.Where(c => c.State == CallbackState.Queued)
            .GroupBy(c => c.ServiceId).Select(g => new { ServiceId = g.Key, Since = g.Min(c => c.WaitingSince) }).ToListAsync(ct);
        var scheduled = new Dictionary<Guid, (int NextHour, int LaterToday)>();
        var completed = new Dictionary<(Guid, CompletionReason), int>();
        // Services in one time zone share a day: one query per distinct day, not per service.
        foreach (var day in services.GroupBy(s => days[s.Id]))
        {
            // Filtering by service in memory keeps SQLite on the state and completion-time indexes.
            var ids = day.Select(s => s.Id).ToHashSet();
            var (start, end) = day.Key;
            var until = end > nextHour ? end : nextHour;
            foreach (var row in await db.Callbacks.Where(c => c.State == CallbackState.Scheduled && c.DueAt < until)
                .GroupBy(c => c.ServiceId)
                .Select(g => new { ServiceId = g.Key, NextHour = g.Count(c => c.DueAt < nextHour), LaterToday = g.Count(c => c.DueAt >= nextHour && c.DueAt < end) })
                .ToListAsync(ct))
            {
                if (ids.Contains(row.ServiceId))
                {
                    scheduled[row.ServiceId] = (row.NextHour, row.LaterToday);
                }
            }
            // Grouped by an expression no index can order (COALESCE of the reason): grouped by plain columns, SQLite would
            // rather walk a whole (reason, …) or (service, …) index to skip the sort than read today's range of CompletedAt.
            foreach (var row in await db.Callbacks.Where(c => c.CompletedAt >= start)
                .GroupBy(c => new { Reason = c.Reason ?? CompletionReason.Failed, c.ServiceId }).Select(g => new { g.Key.ServiceId, g.Key.Reason, Count = g.Count() }).ToListAsync(ct))
            {
                if (ids.Contains(row.ServiceId))
                {
                    completed[(row.ServiceId, row.Reason)] = row.Count;
                }
            }
        }

        var connected = await ConnectedSinceAsync(db, earliest < firstMinute ? earliest : firstMinute, ct);
        var created = await db.Callbacks.Where(c => c.CreatedAt >= firstMinute).Select(c => new { c.ServiceId, c.CreatedAt }).ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().Where(a => a.Presence != AgentPresence.Offline).ToListAsync(ct);

        var rows = new List<ServiceLive>(services.Count);
        foreach (var service in services)
        {
            var (start, _) = days[service.Id];
            int Open(CallbackState state) => open.FirstOrDefault(o => o.ServiceId == service.Id && o.State == state)?.Count ?? 0;
            var connectedToday = connected.Where(c => c.ServiceId == service.Id && c.ProcessingAt >= start).ToList();
            var (_, ewt) = await waitTimes.ForNewCallbackAsync(db, service, ct);
            var (nextHourCount, laterToday) = scheduled.GetValueOrDefault(service.Id);
            var figures = new LiveFigures(
                nextHourCount, laterToday, Open(CallbackState.Queued), Open(CallbackState.Routing), Open(CallbackState.Processing), Open(CallbackState.Paused),
                completed.Where(c => c.Key.Item1 == service.Id).ToDictionary(c => c.Key.Item2, c => c.Value),
                ewt, oldest.FirstOrDefault(o => o.ServiceId == service.Id)?.Since,
                AgentCounts.Of(agents.Where(a => a.HasSkills(service.Requirements)).Select(a => a.Presence)),
                connectedToday.Count, connectedToday.Count(c => Promise.Kept(c)),
                PerMinute(created.Where(c => c.ServiceId == service.Id).Select(c => c.CreatedAt), firstMinute),
                PerMinute(connected.Where(c => c.ServiceId == service.Id).Select(c => c.ProcessingAt!.Value), firstMinute));
            rows.Add(new ServiceLive(service.Id, service.Key, service.Name, figures));
        }
        var liveAgents = agents.Select(a => new LiveAgent(a.Id, a.Presence, [.. services.Where(s => a.HasSkills(s.Requirements)).Select(s => s.Id)])).ToList();
        return new LiveSnapshot(0, now, firstMinute, rows, liveAgents);
    }

    /// <summary>The start and end of the service's current day in its own time zone (UTC when the zone is unknown here).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Today(CallbackService service, DateTimeOffset now)
    {
        var rules = new TimeZoneRules(OfficeHours.FindZone(service.Schedule?.TimeZone) ?? TimeZoneInfo.Utc);
        var date = rules.ToLocal(now).Date;
        return (rules.ToInstant(date), rules.ToInstant(date.AddDays(1)));
    }

    /// <summary>
    /// Callbacks connected since <paramref name="since"/>, with what <see cref="Promise.Kept"/> needs. A connected
    /// callback is either still in Processing or completed after it connected, so both reads use an index.
    /// </summary>
    private static async Task<List<Callback>> ConnectedSinceAsync(AppDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        var talking = db.Callbacks.Where(c => c.State == CallbackState.Processing && c.ProcessingAt >= since);
        var done = db.Callbacks.Where(c => c.CompletedAt >= since && c.ProcessingAt >= since);
        var rows = new List<Callback>();
        foreach (var query in new[] { talking, done })
        {
            rows.AddRange(await query
                .Select(c => new Callback { ServiceId = c.ServiceId, IsImmediate = c.IsImmediate, CreatedAt = c.CreatedAt, DesiredTime = c.DesiredTime, EwtAtOffer = c.EwtAtOffer, ProcessingAt = c.ProcessingAt })
                .ToListAsync(ct));
        }
        return rows;
    }

    private static int[] PerMinute(IEnumerable<DateTimeOffset> instants, DateTimeOffset firstMinute)
    {
        var counts = new int[LiveFigures.Minutes];
        foreach (var instant in instants)
        {
            var minute = (int)Math.Floor((instant - firstMinute).TotalMinutes);
            if (minute is >= 0 and < LiveFigures.Minutes)
            {
                counts[minute]++;
            }
        }
        return counts;
    }
}
