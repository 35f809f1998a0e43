using System.Globalization;
using System.Text;

namespace CallbackPortal.Tests.Reliability;

/// <summary>What a crash run did and what the audit found; <see cref="Problems"/> is empty when every check held.</summary>
public sealed record CrashReport
{
    public required IReadOnlyList<KillMoment> Kills { get; init; }

    /// <summary>Create requests sent (all outcomes).</summary>
    public required int Requests { get; init; }

    /// <summary>Answered 201 the first time.</summary>
    public required int Created { get; init; }

    /// <summary>Answer lost with the process.</summary>
    public required int Unknown { get; init; }

    /// <summary>Of the unknown, stored anyway (seen in the database before they were sent again).</summary>
    public required int UnknownStored { get; init; }

    /// <summary>How the unknown requests sent again with their Idempotency-Key were answered.</summary>
    public required IReadOnlyDictionary<string, int> Retries { get; init; }

    /// <summary>Connection refused: the app never saw them.</summary>
    public required int NotDelivered { get; init; }

    /// <summary>Answered something else than 201.</summary>
    public required int Refused { get; init; }

    public required int Callbacks { get; init; }

    public required IReadOnlyDictionary<string, int> Completed { get; init; }

    public required int Pending { get; init; }

    /// <summary>Calls the carrier placed.</summary>
    public required int Dials { get; init; }

    /// <summary>Keys dialed more than once, calls for no attempt, and numbers called again when the retry policy says not to.</summary>
    public required int DoubleDials { get; init; }

    /// <summary>Status callbacks and instruction fetches the carrier could not deliver (the app was down).</summary>
    public required int CarrierRequestsLost { get; init; }

    /// <summary><c>PRAGMA integrity_check</c>.</summary>
    public required string Integrity { get; init; }

    /// <summary>Rows of <c>PRAGMA foreign_key_check</c>.</summary>
    public required int ForeignKeyErrors { get; init; }

    public required IReadOnlyList<string> AppErrors { get; init; }

    public required IReadOnlyList<string> Problems { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public bool Passed => Problems.Count == 0;

    /// <summary>The table the README shows, then what the kills landed on, then every problem found.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        Line("| kills | creates 201 | unknown (stored) | completed | pending | dials | double dials | integrity |");
        Line("|---|---|---|---|---|---|---|---|");
        Line(Invariant($"| {Kills.Count} | {Created} | {Unknown} ({UnknownStored}) | {Completed.Values.Sum()} of {Callbacks} | {Pending} | {Dials} | {DoubleDials} | {Integrity}, {ForeignKeyErrors} foreign-key errors |"));
        Line("");
        Line(Invariant($"kills landed with creates in flight {Count(k => k.CreatesInFlight)}, attempts unsent {Count(k => k.AttemptsUnsent)}, calls ringing {Count(k => k.CallsRinging)}, calls talking {Count(k => k.CallsTalking)}, agents in wrap-up {Count(k => k.AgentsWrappingUp)} (of {Kills.Count})"));
        Line(Invariant($"completed as {Join(Completed)}; unknown requests sent again with their key: {(Retries.Count == 0 ? "none" : Join(Retries))}"));
        Line(Invariant($"{Requests} requests: {NotDelivered} refused a connection (never seen), {Refused} answered other than 201; {CarrierRequestsLost} carrier callbacks found no process up"));
        Line(Invariant($"{Elapsed.TotalSeconds:F0} s; {AppErrors.Count} error lines in the app's logs"));
        foreach (var error in AppErrors.Distinct().Take(10))
        {
            Line("  app: " + error);
        }
        Line(Passed ? "PASSED" : $"FAILED: {Problems.Count} problem(s)");
        foreach (var problem in Problems.Take(40))
        {
            Line("  " + problem);
        }
        return text.ToString();
    }

    public override string ToString() => Table();

    private int Count(Func<KillMoment, int> measure) => Kills.Count(k => measure(k) > 0);

    private static string Join(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.OrderByDescending(kv => kv.Value).Select(kv => Invariant($"{kv.Key} {kv.Value}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
