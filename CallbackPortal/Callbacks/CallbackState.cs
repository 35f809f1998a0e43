namespace CallbackPortal.Callbacks;

/// <summary>Where a callback is in its life (DOMAIN.md §3).</summary>
public enum CallbackState
{
    /// <summary>Waiting for its desired time (or for its next retry).</summary>
    Scheduled,
    /// <summary>Due, waiting for a Ready agent with the skills.</summary>
    Queued,
    /// <summary>Its service is paused by a supervisor; back to Queued on resume.</summary>
    Paused,
    /// <summary>An agent is reserved and the call is being placed.</summary>
    Routing,
    /// <summary>Consumer and agent are connected.</summary>
    Processing,
    Completed,
}

/// <summary>Why a callback completed.</summary>
public enum CompletionReason
{
    AgentConnected,
    Cancelled,
    CancelledByAdmin,
    TimedOut,
    CustomerUnreachable,
    AgentConnectFailed,
    PreviewRejected,
    Failed,
}

/// <summary>The outcome of one dial attempt.</summary>
public enum DialResult
{
    Person,
    AnsweringMachine,
    Fax,
    Busy,
    NoAnswer,
    Rejected,
    InvalidNumber,
    Failed,
    Unknown,
    PushDelivered,
    PushFailed,
}

/// <summary>Who caused a change on a callback's timeline.</summary>
public enum Actor
{
    Consumer,
    Supervisor,
    Agent,
    Engine,
}

/// <summary>A rule of the callback domain was broken; <see cref="Code"/> is stable for APIs and pages.</summary>
public sealed class DomainException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Per-field messages for <c>validation-failed</c>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>The protection rule that refused a request (RuleEvaluator's rule name), when one did.</summary>
    public string? Rule { get; init; }

    /// <summary>When a throttle refused: how long until a request can pass again.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The legal moves between states, in one place.</summary>
public static class CallbackStateMachine
{
    private static readonly Dictionary<CallbackState, CallbackState[]> Moves = new()
    {
        [CallbackState.Scheduled] = [CallbackState.Scheduled, CallbackState.Queued, CallbackState.Completed],
        [CallbackState.Queued] = [CallbackState.Scheduled, CallbackState.Paused, CallbackState.Routing, CallbackState.Completed],
        [CallbackState.Paused] = [CallbackState.Queued, CallbackState.Scheduled, CallbackState.Completed],
        [CallbackState.Routing] = [CallbackState.Queued, CallbackState.Scheduled, CallbackState.Processing, CallbackState.Completed],
        [CallbackState.Processing] = [CallbackState.Completed],
        [CallbackState.Completed] = [],
    };

    public static bool CanMove(CallbackState from, CallbackState to) => Moves[from].Contains(to);

    /// <summary>Everything but Processing and Completed can be cancelled (DOMAIN.md §3).</summary>
    public static bool IsCancellable(CallbackState state) => state is not (CallbackState.Processing or CallbackState.Completed);

    public static bool IsOpen(CallbackState state) => state != CallbackState.Completed;
}
