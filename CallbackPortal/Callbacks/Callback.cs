namespace CallbackPortal.Callbacks;

/// <summary>
/// A consumer's request to be called back. Every state change goes through the methods below, which
/// check the move against <see cref="CallbackStateMachine"/> and write the timeline event with it.
/// </summary>
public partial class Callback
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public CallbackState State { get; private set; }
    public CompletionReason? Reason { get; private set; }
    public string? ReasonDetail { get; private set; }

    public string PhoneNumber { get; set; } = "";
    /// <summary>Hash of the value a keyed throttle counts this request under (a user id from a field or header), if any.</summary>
    public string? ThrottleKey { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Notes { get; set; }
    public string? Language { get; set; }
    public Dictionary<string, string> UserData { get; set; } = [];
    /// <summary>The callback widget's session that asked for this callback; its lifecycle events link here (<see cref="Lifecycle.WidgetEventLinks"/>).</summary>
    public string? WidgetSessionId { get; set; }

    public bool IsImmediate { get; set; }
    public DateTimeOffset DesiredTime { get; set; }
    public int Priority { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When a Scheduled callback moves to Queued (desired time − submit buffer, or the next retry).</summary>
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Queue order: an immediate callback keeps the place its request took; a scheduled one queues from its due time.</summary>
    public DateTimeOffset WaitingSince { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }
    public DateTimeOffset? RoutingAt { get; set; }
    public DateTimeOffset? ProcessingAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The agent's wrap-up: how the conversation ended (for example "resolved", "follow-up"), and their notes.</summary>
    public string? Disposition { get; set; }
    public string? DispositionNotes { get; set; }

    public int? EwtAtOffer { get; set; }
    public int? PositionAtOffer { get; set; }
    public int? EwtAtDial { get; set; }
    public int? PositionAtDial { get; set; }

    /// <summary>SHA-256 of the consumer's access token; the token itself is shown once and never stored.</summary>
    public string AccessTokenHash { get; set; } = "";

    public int AttemptCount { get; set; }
    public int PreviewRejects { get; set; }
    public List<Guid> RejectedByAgents { get; set; } = [];
    public Guid? AgentId { get; set; }
    /// <summary>Until when the dispatcher that claimed it owns it; past this, start-up recovery may take it back.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; set; }
    /// <summary>Optimistic concurrency: a save only succeeds against the version it read (the conditional update).</summary>
    public int Version { get; set; }

    public List<CallbackEvent> Events { get; set; } = [];
    public List<DialAttempt> Attempts { get; set; } = [];

    public void Queue(DateTimeOffset now, Actor actor, string? detail = null, string? actorName = null)
    {
        if (State == CallbackState.Scheduled && !IsImmediate)
        {
            WaitingSince = now;
        }
        QueuedAt ??= now;
        Move(CallbackState.Queued, now, actor, detail, actorName, CallbackState.Scheduled);
    }

    public void Pause(DateTimeOffset now, string? detail) => Move(CallbackState.Paused, now, Actor.Supervisor, detail, CallbackState.Queued);

    public void Resume(DateTimeOffset now, string? detail) => Move(CallbackState.Queued, now, Actor.Supervisor, detail, CallbackState.Paused);

    /// <summary>The dispatcher reserved <paramref name="agentId"/> for this callback.</summary>
    public void Claim(Guid agentId, DateTimeOffset now, DateTimeOffset leaseUntil, string agentName)
    {
        AgentId = agentId;
        RoutingAt = now;
        ClaimExpiresAt = leaseUntil;
        Move(CallbackState.Routing, now, Actor.Engine, $"reserved agent {agentName}", CallbackState.Queued);
    }

    public DialAttempt AddAttempt(string to, bool agentFirst, DateTimeOffset now)
    {
        AttemptCount++;
        var attempt = new DialAttempt
        {
            Id = Guid.NewGuid(),
            CallbackId = Id,
            Number = AttemptCount,
            IdempotencyKey = $"{Id:N}-{AttemptCount}",
            AgentId = AgentId,
            To = to,
            AgentFirst = agentFirst,
            Stage = AttemptStage.Created,
            CreatedAt = now,
        };
        Attempts.Add(attempt);
        Record(now, Actor.Engine, CallbackEventKinds.Attempt, $"attempt {attempt.Number} to {(agentFirst ? "agent" : "consumer")}");
        return attempt;
    }

    public void Connect(DateTimeOffset now, string? detail)
    {
        ProcessingAt = now;
        ClaimExpiresAt = null;
        Move(CallbackState.Processing, now, Actor.Engine, detail, CallbackState.Routing);
    }

    /// <summary>Back to the queue without using up an attempt (preview rejected, agent leg failed, claim recovered).</summary>
    public void Requeue(DateTimeOffset now, Actor actor, string detail)
    {
        AgentId = null;
        ClaimExpiresAt = null;
        Move(CallbackState.Queued, now, actor, detail, CallbackState.Routing);
    }

    /// <summary>Waits until <paramref name="dueAt"/> (a retry after Busy or No answer), then queues again keeping its place.</summary>
    public void ScheduleRetry(DateTimeOffset dueAt, DateTimeOffset now, string detail)
    {
        AgentId = null;
        ClaimExpiresAt = null;
        DueAt = dueAt;
        Move(CallbackState.Scheduled, now, Actor.Engine, detail, CallbackState.Routing);
    }

    /// <summary>The priority "dial now" raises a callback to: ahead of every callback a service's own priority (1–100) can give.</summary>
    public const int DialNowPriority = 1000;

    /// <summary>A supervisor's "dial now": first in its queue, and a scheduled callback is queued at once.</summary>
    public void DialNow(DateTimeOffset now, Actor actor, string? actorName)
    {
        if (State is CallbackState.Routing or CallbackState.Processing or CallbackState.Completed)
        {
            throw new DomainException("not-dialable", $"A callback in {State} is already being dialed or is over.");
        }
        Priority = DialNowPriority;
        Record(now, actor, CallbackEventKinds.Priority, $"dial now: priority raised to {DialNowPriority}", actorName);
        if (State == CallbackState.Scheduled)
        {
            DueAt = now;
            Queue(now, actor, "dial now", actorName);
        }
        else
        {
            Version++;
        }
    }

    public void Reschedule(DateTimeOffset desired, DateTimeOffset dueAt, DateTimeOffset expiresAt, DateTimeOffset now, Actor actor, string? actorName = null)
    {
        if (State is CallbackState.Routing or CallbackState.Processing or CallbackState.Completed)
        {
            throw new DomainException("not-reschedulable", $"A callback in {State} cannot be rescheduled.");
        }
        IsImmediate = false;
        DesiredTime = desired;
        DueAt = dueAt;
        ExpiresAt = expiresAt;
        Move(CallbackState.Scheduled, now, actor, $"rescheduled to {desired:u}", actorName);
    }

    public void Cancel(DateTimeOffset now, Actor actor, string? detail = null, string? actorName = null)
    {
        if (!CallbackStateMachine.IsCancellable(State))
        {
            throw new DomainException("not-cancellable", $"A callback in {State} cannot be cancelled.");
        }
        Complete(actor == Actor.Consumer ? CompletionReason.Cancelled : CompletionReason.CancelledByAdmin, now, actor, detail, actorName);
    }

    public void Complete(CompletionReason reason, DateTimeOffset now, Actor actor, string? detail = null, string? actorName = null)
    {
        Reason = reason;
        ReasonDetail = detail;
        CompletedAt = now;
        ClaimExpiresAt = null;
        Move(CallbackState.Completed, now, actor, detail is null ? reason.ToString() : $"{reason}: {detail}", actorName);
    }

    public void Record(DateTimeOffset now, Actor actor, string kind, string? detail, string? actorName = null) =>
        Events.Add(new CallbackEvent { CallbackId = Id, At = now, Actor = actor, ActorName = actorName, Kind = kind, Detail = detail });

    /// <param name="from">The states this particular trigger starts from (the transition table allows more for other triggers).</param>
    private void Move(CallbackState to, DateTimeOffset now, Actor actor, string? detail, params CallbackState[] from) => Move(to, now, actor, detail, null, from);

    private void Move(CallbackState to, DateTimeOffset now, Actor actor, string? detail, string? actorName, params CallbackState[] from)
    {
        if (!CallbackStateMachine.CanMove(State, to) || (from.Length > 0 && !from.Contains(State)))
        {
            throw new DomainException("illegal-transition", $"A callback cannot move from {State} to {to}.");
        }
        Events.Add(new CallbackEvent { CallbackId = Id, At = now, Actor = actor, ActorName = actorName, Kind = CallbackEventKinds.StateChanged, FromState = State, ToState = to, Detail = detail });
        State = to;
        Version++;
    }

    /// <summary>A new callback starts Scheduled or Queued, with its creation on the timeline.</summary>
    public static Callback Start(Guid id, bool immediate, DateTimeOffset now, DateTimeOffset dueAt, Actor actor)
    {
        var callback = new Callback { Id = id, IsImmediate = immediate, CreatedAt = now, DueAt = dueAt, WaitingSince = now };
        callback.State = CallbackState.Scheduled;
        callback.Record(now, actor, CallbackEventKinds.Created, immediate ? "as soon as possible" : "scheduled");
        if (immediate)
        {
            callback.Queue(now, Actor.Engine);
        }
        return callback;
    }
}
