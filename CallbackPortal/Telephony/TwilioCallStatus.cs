namespace CallbackPortal.Telephony;

/// <summary>Twilio's words for a call's progress (<c>CallStatus</c>, <c>AnsweredBy</c>, <c>DialCallStatus</c>) in the engine's terms.</summary>
public static class TwilioCallStatus
{
    private static readonly Dictionary<string, CallStage> Stages = new(StringComparer.Ordinal)
    {
        ["queued"] = CallStage.Queued,
        ["initiated"] = CallStage.Queued,
        ["ringing"] = CallStage.Ringing,
        ["in-progress"] = CallStage.Answered,
        ["completed"] = CallStage.Completed,
        ["busy"] = CallStage.Busy,
        ["no-answer"] = CallStage.NoAnswer,
        ["failed"] = CallStage.Failed,
        ["canceled"] = CallStage.Canceled,
    };

    private static readonly Dictionary<string, AnsweredBy> Answerers = new(StringComparer.Ordinal)
    {
        ["human"] = AnsweredBy.Person,
        ["machine_start"] = AnsweredBy.Machine,
        ["machine_end_beep"] = AnsweredBy.Machine,
        ["machine_end_silence"] = AnsweredBy.Machine,
        ["machine_end_other"] = AnsweredBy.Machine,
        ["fax"] = AnsweredBy.Fax,
        ["unknown"] = AnsweredBy.Unknown,
    };

    /// <summary>The <c>DialCallStatus</c> values that mean the two parties were connected.</summary>
    private static readonly HashSet<string> ConnectedDialStatuses = new(["completed", "answered"], StringComparer.Ordinal);

    private static readonly HashSet<string> DialStatuses =
        new(["completed", "answered", "busy", "no-answer", "failed", "canceled"], StringComparer.Ordinal);

    public static bool IsKnownStatus(string? callStatus) => callStatus is not null && Stages.ContainsKey(callStatus);

    public static bool IsKnownDialStatus(string? dialCallStatus) => dialCallStatus is not null && DialStatuses.Contains(dialCallStatus);

    /// <summary>Null when <paramref name="callStatus"/> is not one of Twilio's call statuses.</summary>
    public static CallProgress? ToProgress(string? callStatus, string? answeredBy, int? durationSeconds)
    {
        if (callStatus is null || !Stages.TryGetValue(callStatus, out var stage))
        {
            return null;
        }
        var detail = string.IsNullOrEmpty(answeredBy) ? callStatus : $"{callStatus} ({answeredBy})";
        var duration = stage == CallStage.Completed ? durationSeconds : null;
        return new CallProgress(stage, ToAnsweredBy(answeredBy), duration, detail);
    }

    /// <summary>Anything Twilio may add later reads as unknown rather than as a person.</summary>
    public static AnsweredBy ToAnsweredBy(string? answeredBy) =>
        answeredBy is not null && Answerers.TryGetValue(answeredBy, out var who) ? who : AnsweredBy.Unknown;

    public static BridgeResult ToBridgeResult(string dialCallStatus, int? dialCallDurationSeconds)
    {
        var connected = ConnectedDialStatuses.Contains(dialCallStatus);
        return new BridgeResult(connected, connected ? dialCallDurationSeconds : null, $"DialCallStatus={dialCallStatus}");
    }
}
