using System.Globalization;

namespace CallbackPortal.Callbacks;

/// <summary>
/// Everything a supervisor sees about one callback, ready to show: the phone numbers already masked for users
/// without <c>callbacks.manage</c>, times to be shown in the service's time zone (<see cref="Local"/>).
/// </summary>
public sealed record CallbackDetailView
{
    public required Guid Id { get; init; }
    public required Guid ServiceId { get; init; }
    public required string ServiceName { get; init; }
    public required string ServiceKey { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public required CallbackState State { get; init; }
    public CompletionReason? Reason { get; init; }
    public string? ReasonDetail { get; init; }

    public required string Phone { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Notes { get; init; }
    public string? Language { get; init; }
    /// <summary>The journey data the consumer's page sent (<see cref="Callback.UserData"/>), ordered by key.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> JourneyData { get; init; }

    public required bool IsImmediate { get; init; }
    public required DateTimeOffset DesiredTime { get; init; }
    public required int Priority { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? QueuedAt { get; init; }
    public DateTimeOffset? RoutingAt { get; init; }
    public DateTimeOffset? ProcessingAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    public string? AgentName { get; init; }
    public required int AttemptCount { get; init; }
    public required int PreviewRejects { get; init; }
    public string? Disposition { get; init; }
    public string? DispositionNotes { get; init; }

    public int? EwtAtOffer { get; init; }
    public int? PositionAtOffer { get; init; }
    public int? EwtAtDial { get; init; }
    public int? PositionAtDial { get; init; }

    /// <summary>The latest time the consumer was promised a call (<see cref="Promise.Deadline"/>).</summary>
    public required DateTimeOffset PromiseDeadline { get; init; }
    /// <summary>True: connected in time; false: connected late, over without a connection, or past the deadline; null: not decided yet, or cancelled before the deadline.</summary>
    public bool? PromiseKept { get; init; }
    public double? WaitToConnectSeconds { get; init; }

    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    public string ConsumerName => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : "(no name)";

    public bool MayCancel => CallbackStateMachine.IsCancellable(State);

    /// <summary>Rescheduling and dial now are for callbacks nobody is dialing yet (<see cref="Callback.Reschedule"/>, <see cref="Callback.DialNow"/>).</summary>
    public bool MayReschedule => State is CallbackState.Scheduled or CallbackState.Queued or CallbackState.Paused;

    public bool MayDialNow => MayReschedule && Priority < Callback.DialNowPriority;

    /// <summary><paramref name="at"/> on the service's wall clock ("2026-11-25 09:00:05"), "—" for none.</summary>
    public string Local(DateTimeOffset? at) => Format(at, TimeZone);

    public static string Format(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } instant ? TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";
}

/// <summary>
/// One line of a callback's timeline: an event the callback recorded (<see cref="CallbackEventKinds"/>) or one of its
/// dial attempts (kind <see cref="DialKind"/>), with who did it and the facts that go with it.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Title, string? Detail, string Who, IReadOnlyList<string> Facts)
{
    public const string DialKind = "dial";
}
