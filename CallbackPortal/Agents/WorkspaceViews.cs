using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Agents;

/// <summary>What the agent workspace shows: the agent's presence, the callback reserved for them, its call, and the wrap-up.</summary>
public sealed record WorkspaceView(
    Guid AgentId, string AgentName, AgentPresence Presence, DateTimeOffset PresenceSince, bool NotReadyAfterCall,
    CallbackCard? Current, CallStatus? Call, WrapUpTarget? WrapUp);

/// <summary>The callback reserved for the agent, with what they need before dialing. Agents see the number they call.</summary>
public sealed record CallbackCard(
    Guid CallbackId, CallbackState State, string ServiceName, string ConsumerName, string PhoneNumber, string? Notes,
    IReadOnlyDictionary<string, string> JourneyData, bool PreviewPending, DateTimeOffset? PreviewDeadline, int PreviewSeconds, IReadOnlyList<HistoryLine> History);

/// <summary>A previous callback of the same number on the same service.</summary>
public sealed record HistoryLine(DateTimeOffset RequestedAt, string Outcome, string? Disposition);

public enum CallPhase
{
    /// <summary>The attempt is written; the carrier is being asked.</summary>
    Dialing,
    Ringing,
    /// <summary>Answered: the consumer and the agent are on the line (or being bridged).</summary>
    Connected,
    Ended,
}

/// <summary>The latest dial attempt of the agent's callback, as a status strip shows it.</summary>
public sealed record CallStatus(CallPhase Phase, int AttemptNumber, bool AgentFirst, DateTimeOffset Since, DialResult? Result, int? TalkSeconds, string? Detail);

/// <summary>The callback a wrap-up is saved on: the one the agent is wrapping up, or their last conversation.</summary>
public sealed record WrapUpTarget(Guid CallbackId, string ConsumerName, string ServiceName, DateTimeOffset? EndedAt, string? Disposition, string? Notes, bool InWrapUp);

/// <summary>Reads the workspace's view of one agent (one short-lived context per call).</summary>
internal static class WorkspaceQueries
{
    private const int HistoryLines = 10;

    /// <summary>How far back the agent's last conversation is looked for (a range on the CompletedAt index, never a scan of all callbacks).</summary>
    public static readonly TimeSpan LastCallWindow = TimeSpan.FromHours(24);

    public static async Task<WorkspaceView> ViewAsync(AppDbContext db, Agent agent, DateTimeOffset now, CancellationToken ct)
    {
        CallbackCard? card = null;
        CallStatus? call = null;
        if (agent.CurrentCallbackId is { } currentId && agent.Presence is AgentPresence.Reserved or AgentPresence.OnCall or AgentPresence.WrapUp
            && await db.Callbacks.AsNoTracking().Include(c => c.Attempts).SingleOrDefaultAsync(c => c.Id == currentId, ct) is { } current)
        {
            var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == current.ServiceId, ct);
            card = await CardAsync(db, current, service, agent, ct);
            call = Status(current.Attempts.Where(a => a.AgentId == agent.Id).MaxBy(a => a.Number));
        }
        var wrapUp = await WrapUpTargetAsync(db, agent, now, ct);
        return new WorkspaceView(agent.Id, agent.Name, agent.Presence, agent.PresenceSince, agent.NotReadyAfterCall, card, call, wrapUp);
    }

    /// <summary>The only callback this agent may save a wrap-up on: the one they are wrapping up, else their last conversation.</summary>
    public static async Task<WrapUpTarget?> WrapUpTargetAsync(AppDbContext db, Agent agent, DateTimeOffset now, CancellationToken ct)
    {
        var inWrapUp = agent.Presence == AgentPresence.WrapUp && agent.CurrentCallbackId is not null;
        var query = db.Callbacks.AsNoTracking().Where(c => c.State == CallbackState.Completed);
        query = inWrapUp
            ? query.Where(c => c.Id == agent.CurrentCallbackId)
            : query.Where(c => c.CompletedAt >= now - LastCallWindow && c.AgentId == agent.Id && c.ProcessingAt != null).OrderByDescending(c => c.CompletedAt);
        var last = await query.Select(c => new { c.Id, c.FirstName, c.LastName, c.ServiceId, c.CompletedAt, c.Disposition, c.DispositionNotes }).FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return null;
        }
        var serviceName = await db.CallbackServices.AsNoTracking().Where(s => s.Id == last.ServiceId).Select(s => s.Name).SingleAsync(ct);
        return new WrapUpTarget(last.Id, NameOf(last.FirstName, last.LastName), serviceName, last.CompletedAt, last.Disposition, last.DispositionNotes, inWrapUp);
    }

    private static async Task<CallbackCard> CardAsync(AppDbContext db, Callback callback, CallbackService service, Agent agent, CancellationToken ct)
    {
        var history = await db.Callbacks.AsNoTracking()
            .Where(c => c.PhoneNumber == callback.PhoneNumber && c.ServiceId == callback.ServiceId && c.Id != callback.Id)
            .OrderByDescending(c => c.CreatedAt).Take(HistoryLines)
            .Select(c => new { c.CreatedAt, c.State, c.Reason, c.Disposition })
            .ToListAsync(ct);
        var pending = service.PreviewEnabled && callback.State == CallbackState.Routing && callback.AgentId == agent.Id
            && callback.Attempts.All(a => a.Stage == AttemptStage.Finished)
            && !callback.Attempts.Any(a => a.AgentId == agent.Id && a.CreatedAt >= callback.RoutingAt);
        return new CallbackCard(
            callback.Id, callback.State, service.Name, NameOf(callback.FirstName, callback.LastName), callback.PhoneNumber, callback.Notes,
            callback.UserData, pending, pending ? callback.RoutingAt?.AddSeconds(service.PreviewTimeoutSeconds) : null, service.PreviewTimeoutSeconds,
            [.. history.Select(h => new HistoryLine(h.CreatedAt, h.Reason?.ToString() ?? h.State.ToString(), h.Disposition))]);
    }

    private static CallStatus? Status(DialAttempt? attempt) => attempt switch
    {
        null => null,
        { Stage: AttemptStage.Finished } => new(CallPhase.Ended, attempt.Number, attempt.AgentFirst, attempt.EndedAt ?? attempt.CreatedAt, attempt.Result, attempt.TalkSeconds, attempt.Detail),
        { Stage: AttemptStage.Answered } => new(CallPhase.Connected, attempt.Number, attempt.AgentFirst, attempt.AnsweredAt ?? attempt.CreatedAt, null, null, null),
        { Stage: AttemptStage.Dialing } => new(CallPhase.Ringing, attempt.Number, attempt.AgentFirst, attempt.SentAt ?? attempt.CreatedAt, null, null, null),
        _ => new(CallPhase.Dialing, attempt.Number, attempt.AgentFirst, attempt.CreatedAt, null, null, null),
    };

    private static string NameOf(string? first, string? last)
    {
        var name = string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : "(no name given)";
    }
}
