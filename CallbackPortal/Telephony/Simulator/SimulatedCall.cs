using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>What the simulated called party does. <see cref="Reject"/>: the carrier refuses the request itself (HTTP 400), so no call exists.</summary>
public enum SimulatedOutcome
{
    Person,
    Machine,
    Fax,
    Busy,
    NoAnswer,
    Failed,
    Reject,
}

/// <summary>A call the simulator placed, as tests and benchmarks see it.</summary>
public sealed record CarrierCall(string Sid, string IdempotencyKey, string To, string From, SimulatedOutcome Outcome, string Status, string? AnsweredBy);

/// <summary>One call the simulator is playing out: what was asked for, and where it stands.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The hang-up source has no timer; it lives as long as the ledger keeps the call.")]
internal sealed class SimulatedCall
{
    private static readonly HashSet<string> Final = new(["completed", "busy", "no-answer", "failed", "canceled"], StringComparer.Ordinal);
    private readonly object gate = new();
    private readonly CancellationTokenSource hangUp = new();
    private int sequence = -1;

    public required string Sid { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string To { get; init; }
    public required string From { get; init; }
    public required string Url { get; init; }
    public required string UrlMethod { get; init; }
    public string? StatusCallback { get; init; }
    public required string StatusCallbackMethod { get; init; }
    public required IReadOnlySet<string> StatusCallbackEvents { get; init; }
    public bool MachineDetection { get; init; }
    public required SimulatedOutcome Outcome { get; init; }
    public required DateTimeOffset Created { get; init; }

    public string Status { get; private set; } = "queued";
    public string? AnsweredBy { get; private set; }
    public int? Duration { get; private set; }
    public bool WasAnswered { get; private set; }

    public CancellationToken HangUpRequested => hangUp.Token;

    /// <summary>The leg its &lt;Dial&gt; placed (Twilio's child call), once it dialed.</summary>
    public SimulatedLeg? Leg { get; private set; }

    public SimulatedLeg Dial(string to, DateTimeOffset at)
    {
        var leg = new SimulatedLeg("CA" + RandomNumberGenerator.GetHexString(32, lowercase: true), Sid, to, To, at);
        lock (gate)
        {
            Leg = leg;
        }
        return leg;
    }

    public int NextSequenceNumber() => Interlocked.Increment(ref sequence);

    /// <summary>Ends a call still ringing or connected; a call already over stays as it was.</summary>
    public void RequestHangUp()
    {
        bool over;
        lock (gate)
        {
            over = Final.Contains(Status);
        }
        if (!over)
        {
            hangUp.Cancel();
        }
    }

    public void Update(string status, int? duration = null)
    {
        lock (gate)
        {
            Status = status;
            Duration = duration ?? Duration;
        }
    }

    public void Answer(string? answeredBy)
    {
        lock (gate)
        {
            Status = "in-progress";
            AnsweredBy = answeredBy;
            WasAnswered = true;
        }
    }

    public CarrierCall ToView()
    {
        lock (gate)
        {
            return new CarrierCall(Sid, IdempotencyKey, To, From, Outcome, Status, AnsweredBy);
        }
    }

    /// <summary>The Call resource in Twilio's JSON shape.</summary>
    public Dictionary<string, object?> ToResource(string accountSid)
    {
        lock (gate)
        {
            return CallResource.Of(accountSid, Sid, parentSid: null, To, From, Status, "outbound-api", AnsweredBy, Duration, Created);
        }
    }
}

/// <summary>The other party a call's &lt;Dial&gt; rang: a child call of its own, listed under its parent's sid.</summary>
internal sealed class SimulatedLeg(string sid, string parentSid, string to, string from, DateTimeOffset created)
{
    private readonly object gate = new();
    private string status = "ringing";
    private int? duration;

    public string Sid => sid;

    public void Update(string newStatus, int? seconds = null)
    {
        lock (gate)
        {
            (status, duration) = (newStatus, seconds ?? duration);
        }
    }

    public Dictionary<string, object?> ToResource(string accountSid)
    {
        lock (gate)
        {
            return CallResource.Of(accountSid, sid, parentSid, to, from, status, "outbound-dial", answeredBy: null, duration, created);
        }
    }
}

/// <summary>A Call resource in Twilio's JSON shape (a parent call's or a child leg's).</summary>
internal static class CallResource
{
    public static Dictionary<string, object?> Of(string accountSid, string sid, string? parentSid, string to, string from, string status,
        string direction, string? answeredBy, int? duration, DateTimeOffset created) => new()
    {
        ["sid"] = sid,
        ["account_sid"] = accountSid,
        ["parent_call_sid"] = parentSid,
        ["to"] = to,
        ["from"] = from,
        ["status"] = status,
        ["direction"] = direction,
        ["answered_by"] = answeredBy,
        ["duration"] = duration?.ToString(CultureInfo.InvariantCulture),
        ["api_version"] = "2010-04-01",
        ["date_created"] = created.ToString("r", CultureInfo.InvariantCulture),
        ["uri"] = $"/2010-04-01/Accounts/{accountSid}/Calls/{sid}.json",
    };
}
