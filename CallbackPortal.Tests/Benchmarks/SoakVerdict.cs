using System.Globalization;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// Whether the app held under the soak, judged from its curve. The run is cut in thirds: the first sixth is
/// warm-up (JIT, pools, the GC finding its size); minutes from a sixth to a half are the reference (5–15 of 30);
/// the last third (20–30 of 30) must stay within a band of the reference. A leak or an unbounded log grows
/// steadily, so it shows as the last third's peak above the reference's peak.
/// </summary>
public static class SoakVerdict
{
    /// <summary>
    /// How far the last third's peak resident memory may pass the reference's peak. Minute to minute the GC moves
    /// resident memory by a few percent; a leak of 1 KB per callback at ~90 creates a second adds ~5 MB a minute,
    /// 50 MB over ten minutes, a quarter of a ~200 MB process: well outside 15 %.
    /// </summary>
    public const double MemoryBand = 0.15;

    /// <summary>How far the last third's peak WAL may pass the reference's peak.</summary>
    public const double WalBand = 0.25;

    /// <summary>
    /// Below this the WAL is not judged bounded or not: SQLite checkpoints on its own every 1,000 pages (4 MB) and the
    /// app truncates the file every 5 minutes, so a checkpointed WAL lives near this size whatever the reference did.
    /// </summary>
    public const long WalFloorBytes = 8 * 1024 * 1024;

    /// <summary>The failed checks, each a sentence with its figures; empty when the soak passed.</summary>
    public static IReadOnlyList<string> Failures(IReadOnlyList<SoakMinute> curve, int minutes, double perSecond)
    {
        var failures = new List<string>();
        var rows = curve.Where(r => r.Minute > 0).ToList();
        var refused = rows.Sum(r => r.Refused);
        var failed = rows.Sum(r => r.Failed);
        var errorLines = curve.Sum(r => r.ErrorLines);
        if (refused + failed + errorLines > 0)
        {
            failures.Add($"errors: {refused} non-2xx answers, {failed} requests without an answer, {errorLines} error lines in the app's log");
        }
        var reference = rows.Where(r => r.Minute > minutes / 6.0 && r.Minute <= minutes / 2.0).ToList();
        var last = rows.Where(r => r.Minute > minutes - minutes / 3.0).ToList();
        if (reference.Count == 0 || last.Count == 0)
        {
            failures.Add("too short to judge: no reference or last-third minutes");
            return failures;
        }
        var memoryLimit = reference.Max(r => r.ResidentBytes) * (1 + MemoryBand);
        if (last.Max(r => r.ResidentBytes) > memoryLimit)
        {
            failures.Add(Line($"memory grew: last third's peak RSS {SoakMinute.Megabytes(last.Max(r => r.ResidentBytes)):F0} MB > {SoakMinute.Megabytes((long)memoryLimit):F0} MB (reference peak + {MemoryBand:P0})"));
        }
        var walLimit = Math.Max(reference.Max(r => r.WalBytes) * (1 + WalBand), WalFloorBytes);
        if (last.Max(r => r.WalBytes) > walLimit)
        {
            failures.Add(Line($"WAL grew: last third's peak {SoakMinute.Megabytes(last.Max(r => r.WalBytes)):F1} MB > {SoakMinute.Megabytes((long)walLimit):F1} MB"));
        }
        // Dialing keeps up when the callbacks waiting stay about what ten seconds of creates leave in flight.
        var backlogLimit = Math.Max(reference.Max(r => r.Backlog) * 1.5, perSecond * 10);
        if (last.Max(r => r.Backlog) > backlogLimit)
        {
            failures.Add(Line($"dialing fell behind: last third's peak backlog {last.Max(r => r.Backlog):N0} > {backlogLimit:N0}"));
        }
        return failures;
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
