using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Live;

/// <summary>Logged-in agents by what they are doing.</summary>
public sealed record AgentCounts(int Ready, int Reserved, int OnCall, int WrapUp)
{
    public static readonly AgentCounts None = new(0, 0, 0, 0);

    public static AgentCounts Of(IEnumerable<AgentPresence> presences)
    {
        var list = presences.ToList();
        return new(list.Count(p => p == AgentPresence.Ready), list.Count(p => p == AgentPresence.Reserved),
            list.Count(p => p == AgentPresence.OnCall), list.Count(p => p == AgentPresence.WrapUp));
    }
}

/// <summary>
/// The live figures of one service (or of several, summed). "Today" is the service's own day in its time zone.
/// </summary>
/// <param name="ScheduledNextHour">Scheduled callbacks due within the next hour (overdue ones included: the sweep queues them next).</param>
/// <param name="ScheduledLaterToday">Scheduled callbacks due after the next hour and before the day ends.</param>
/// <param name="EwtSeconds">The wait a new immediate callback would face now; −1 when no agent with the skills is logged in.</param>
/// <param name="OldestWaitingSince">The queue place of the callback that has waited longest among the Queued ones.</param>
/// <param name="ConnectedToday">Callbacks whose consumer and agent were connected today.</param>
/// <param name="PromiseKeptToday">Of those, the ones connected within the promised time (<see cref="Promise.Kept"/>).</param>
/// <param name="CreatedLastHour">Callbacks created per clock minute, the oldest of the 60 minutes first, the current minute last.</param>
/// <param name="ConnectedLastHour">Callbacks connected per clock minute, like <paramref name="CreatedLastHour"/>.</param>
public sealed record LiveFigures(
    int ScheduledNextHour, int ScheduledLaterToday, int Queued, int Routing, int Processing, int Paused,
    IReadOnlyDictionary<CompletionReason, int> CompletedToday, int EwtSeconds, DateTimeOffset? OldestWaitingSince,
    AgentCounts Agents, int ConnectedToday, int PromiseKeptToday, IReadOnlyList<int> CreatedLastHour, IReadOnlyList<int> ConnectedLastHour)
{
    public const int Minutes = 60;

    public int CompletedTodayTotal => CompletedToday.Values.Sum();

    /// <summary>Share of today's connected callbacks connected within the promised time; null when none connected today.</summary>
    public double? PromiseKeptShare => ConnectedToday == 0 ? null : (double)PromiseKeptToday / ConnectedToday;

    /// <summary>
    /// The figures of several services together: counts add up, the oldest wait is the oldest of all, the wait estimate
    /// is the longest one any service with agents gives (−1 when none has agents), agents are counted once each.
    /// </summary>
    public static LiveFigures Sum(IReadOnlyCollection<LiveFigures> parts, AgentCounts agents)
    {
        var estimates = parts.Select(p => p.EwtSeconds).Where(e => e >= 0).ToList();
        return new LiveFigures(
            parts.Sum(p => p.ScheduledNextHour), parts.Sum(p => p.ScheduledLaterToday), parts.Sum(p => p.Queued),
            parts.Sum(p => p.Routing), parts.Sum(p => p.Processing), parts.Sum(p => p.Paused),
            parts.SelectMany(p => p.CompletedToday).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value)),
            estimates.Count == 0 ? -1 : estimates.Max(),
            parts.Min(p => p.OldestWaitingSince),
            agents, parts.Sum(p => p.ConnectedToday), parts.Sum(p => p.PromiseKeptToday),
            SumSeries(parts.Select(p => p.CreatedLastHour)), SumSeries(parts.Select(p => p.ConnectedLastHour)));
    }

    private static int[] SumSeries(IEnumerable<IReadOnlyList<int>> series)
    {
        var sum = new int[Minutes];
        foreach (var one in series)
        {
            for (var i = 0; i < Minutes; i++)
            {
                sum[i] += one[i];
            }
        }
        return sum;
    }
}

/// <summary>One service's row on the live dashboard.</summary>
public sealed record ServiceLive(Guid Id, string Key, string Name, LiveFigures Figures);

/// <summary>A logged-in agent and the services whose skills they hold (for counting agents once across services).</summary>
public sealed record LiveAgent(Guid Id, AgentPresence Presence, IReadOnlyList<Guid> Services);

/// <summary>
/// What the live dashboard shows, computed once for every service and shared by every open dashboard;
/// <see cref="For"/> narrows it to the services a user may see.
/// </summary>
/// <param name="Sequence">Goes up with each computation by the feed (0 for a snapshot computed outside it).</param>
/// <param name="FirstMinute">The start of the clock minute the last-hour series begin with.</param>
public sealed record LiveSnapshot(long Sequence, DateTimeOffset At, DateTimeOffset FirstMinute, IReadOnlyList<ServiceLive> Services, IReadOnlyList<LiveAgent> Agents)
{
    private LiveFigures? totals;

    /// <summary>The services summed; agents holding the skills of any of them, each counted once.</summary>
    public LiveFigures Totals => totals ??= LiveFigures.Sum(
        [.. Services.Select(s => s.Figures)],
        AgentCounts.Of(Agents.Where(a => a.Services.Any(id => Services.Any(s => s.Id == id))).Select(a => a.Presence)));

    /// <summary>The same snapshot with only the services <paramref name="scope"/> lets its user see (and totals over those).</summary>
    public LiveSnapshot For(ServiceScope scope) => scope.IsLimited
        ? new LiveSnapshot(Sequence, At, FirstMinute, [.. Services.Where(s => scope.Includes(s.Id))], Agents)
        : this;

    /// <summary>How long the longest-waiting Queued callback has waited, if any waits.</summary>
    public TimeSpan? OldestWait(LiveFigures figures) => figures.OldestWaitingSince is { } since ? At - since : null;
}
