namespace CallbackPortal.Callbacks;

/// <summary>One line of a callback's timeline: a state change, an attempt, a rule decision, a note.</summary>
public class CallbackEvent
{
    public long Id { get; set; }
    public Guid CallbackId { get; set; }
    public DateTimeOffset At { get; set; }
    public Actor Actor { get; set; }
    /// <summary>The person or component (user name, agent name, "dispatcher").</summary>
    public string? ActorName { get; set; }
    public string Kind { get; set; } = "";
    public CallbackState? FromState { get; set; }
    public CallbackState? ToState { get; set; }
    public string? Detail { get; set; }
}

public static class CallbackEventKinds
{
    public const string Created = "created";
    public const string StateChanged = "state";
    public const string Attempt = "attempt";
    public const string Preview = "preview";
    public const string Rescheduled = "rescheduled";
    /// <summary>A protection rule's decision about this callback (for example a number refused right before dialing).</summary>
    public const string Rule = "rule";
    /// <summary>A supervisor raised the callback's priority ("dial now").</summary>
    public const string Priority = "priority";
    /// <summary>The agent's wrap-up: disposition and notes.</summary>
    public const string WrapUp = "wrap-up";
    /// <summary>A step of the consumer's widget interaction (opened, submitted, …).</summary>
    public const string Lifecycle = "lifecycle";
}
