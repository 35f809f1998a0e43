namespace CallbackPortal.Telephony;

/// <summary>
/// The engine's view of a telephony provider: place one call for one dial attempt. The attempt's
/// idempotency key travels with the request so that a retried request never becomes a second call.
/// </summary>
public interface ITelephonyProvider
{
    /// <summary>Short lower-case name used in URLs (<c>/telephony/{name}/...</c>) and logs.</summary>
    string Name { get; }

    Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken ct);

    /// <summary>Asks the provider what became of a call (used at start-up to reconcile attempts left in flight). Null when unknown.</summary>
    Task<CallProgress?> GetCallStatusAsync(string providerCallId, CancellationToken ct);

    /// <summary>Hangs up a call that is still ringing or connected (cancellation). False when the provider had no such call.</summary>
    Task<bool> HangUpAsync(string providerCallId, CancellationToken ct);

    /// <summary>
    /// What became of the leg an answered call was bridged to (Twilio: the child call whose <c>ParentCallSid</c> it is),
    /// asked when a call ended without the app hearing how its bridge went (the app was down when the provider told it).
    /// Null when the provider cannot tell.
    /// </summary>
    Task<BridgedLeg?> FindBridgedLegAsync(string providerCallId, CancellationToken ct) => Task.FromResult<BridgedLeg?>(null);
}

/// <summary>The other leg of an answered call, as the provider knows it.</summary>
/// <param name="Dialed">Whether the call ever dialed another party (false: its instructions never said to, or never arrived).</param>
/// <param name="Connected">The other party answered and the two talked.</param>
/// <param name="DurationSeconds">Talk time of that leg.</param>
/// <param name="Detail">The provider's words, for the attempt's record (for example "child call completed").</param>
public sealed record BridgedLeg(bool Dialed, bool Connected, int? DurationSeconds, string Detail)
{
    public static readonly BridgedLeg None = new(false, false, null, "no other leg was dialed");
}

/// <param name="AttemptId">The dial attempt; it names the status and instruction URLs.</param>
/// <param name="IdempotencyKey">Unique per attempt, written to the database before this request is sent.</param>
/// <param name="To">E.164 number to call (the consumer in customer-first, the agent's line in agent-first).</param>
/// <param name="From">E.164 caller id shown to the called party.</param>
/// <param name="MachineDetection">Ask the provider to tell a person from an answering machine.</param>
/// <param name="RingTimeoutSeconds">How long to let it ring before giving up (no answer).</param>
public sealed record OriginateRequest(
    Guid AttemptId,
    string IdempotencyKey,
    string To,
    string From,
    bool MachineDetection,
    int RingTimeoutSeconds);

/// <summary>The provider's answer to an originate request. Not accepted means no call exists.</summary>
public sealed record OriginateResult(bool Accepted, string? ProviderCallId, string? Error, bool Retryable)
{
    public static OriginateResult Ok(string providerCallId) => new(true, providerCallId, null, false);
    public static OriginateResult Failed(string error, bool retryable) => new(false, null, error, retryable);
}

/// <summary>Where a call stands, as a provider reports it.</summary>
public enum CallStage
{
    Queued,
    Ringing,
    /// <summary>Answered; <see cref="CallProgress.AnsweredBy"/> says by whom.</summary>
    Answered,
    /// <summary>The call ended after being answered.</summary>
    Completed,
    Busy,
    NoAnswer,
    Failed,
    Canceled,
}

public enum AnsweredBy
{
    Unknown,
    Person,
    Machine,
    Fax,
}

/// <param name="DurationSeconds">Talk time for completed calls.</param>
/// <param name="Detail">The provider's own words (status, error code), kept on the attempt.</param>
public sealed record CallProgress(CallStage Stage, AnsweredBy AnsweredBy, int? DurationSeconds, string? Detail);

/// <summary>Implemented by the engine: receives verified call progress for a dial attempt.</summary>
public interface ICallProgressSink
{
    Task OnProgressAsync(Guid attemptId, string providerCallId, CallProgress progress, CancellationToken ct);

    /// <summary>The outcome of bridging the answered call to the other party (Twilio's &lt;Dial action&gt; request).</summary>
    Task OnBridgeResultAsync(Guid attemptId, BridgeResult result, CancellationToken ct);
}

/// <param name="Connected">The other party answered and the two were talking.</param>
/// <param name="DurationSeconds">Talk time of the bridged leg.</param>
/// <param name="Detail">The provider's own words (for example DialCallStatus=no-answer).</param>
public sealed record BridgeResult(bool Connected, int? DurationSeconds, string Detail);

/// <summary>Implemented by the engine: what to do once a call for an attempt is answered.</summary>
public interface ICallInstructionSource
{
    /// <summary>Null when the attempt is unknown or no longer wants a connection (the call is then hung up politely).</summary>
    Task<CallInstructions?> GetInstructionsAsync(Guid attemptId, CancellationToken ct);
}

/// <param name="Greeting">Spoken first (for example "This is your callback from Example Support, connecting you now").</param>
/// <param name="ConnectTo">E.164 number or SIP address of the other party to bridge (the agent in customer-first, the consumer in agent-first).</param>
/// <param name="CallerId">Caller id for the bridged leg.</param>
/// <param name="Language">BCP 47 language for the greeting.</param>
public sealed record CallInstructions(string Greeting, string? ConnectTo, string? CallerId, string Language);
