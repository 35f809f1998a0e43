namespace CallbackPortal.Callbacks;

public enum AttemptStage
{
    /// <summary>Written with its idempotency key; the provider has not been asked yet.</summary>
    Created,
    /// <summary>The provider accepted the call.</summary>
    Dialing,
    /// <summary>Answered; connecting or talking.</summary>
    Answered,
    /// <summary>Has its result.</summary>
    Finished,
}

/// <summary>One call placed for a callback. The unique idempotency key is written before the provider is asked.</summary>
public class DialAttempt
{
    public Guid Id { get; set; }
    public Guid CallbackId { get; set; }
    public int Number { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public Guid? AgentId { get; set; }
    /// <summary>Who the provider calls first: the consumer (customer-first) or the agent (agent-first).</summary>
    public string To { get; set; } = "";
    public bool AgentFirst { get; set; }
    public AttemptStage Stage { get; set; }
    public string? ProviderCallId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? ConnectedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DialResult? Result { get; set; }
    public int? TalkSeconds { get; set; }
    public string? Detail { get; set; }
    /// <summary>A person or machine answered the first leg (from the provider's machine detection).</summary>
    public string? AnsweredBy { get; set; }
}
