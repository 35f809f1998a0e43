using System.Globalization;
using System.Net;

namespace CallbackPortal.Benchmarks;

/// <summary>What the load generator saw during one minute of the soak; answers are counted in the minute they arrive.</summary>
public sealed class SoakWindow
{
    private readonly Lock gate = new();
    private readonly List<double> latencies = [];
    private int sent;
    private int created;
    private int refused;
    private int failed;

    public void Sent() => Interlocked.Increment(ref sent);

    public void Answered(HttpStatusCode? status, double milliseconds)
    {
        lock (gate)
        {
            if (status == HttpStatusCode.Created)
            {
                created++;
                latencies.Add(milliseconds);
            }
            else if (status is null)
            {
                failed++;
            }
            else
            {
                refused++;
            }
        }
    }

    /// <summary>The minute's counts and create latencies (p50, p99 of the 201s).</summary>
    public (int Sent, int Created, int Refused, int Failed, double P50, double P99) Totals()
    {
        lock (gate)
        {
            var sorted = latencies.Order().ToList();
            return sorted.Count == 0
                ? (sent, created, refused, failed, double.NaN, double.NaN)
                : (sent, created, refused, failed, DispatchBenchmark.Percentile(sorted, 0.50), DispatchBenchmark.Percentile(sorted, 0.99));
        }
    }
}

/// <summary>One row of the soak's curve: the load of the minute, and the app's state at its end.</summary>
/// <param name="Minute">Minutes since the soak started (0: just before).</param>
/// <param name="Sent">Creates started in the minute.</param>
/// <param name="Created">201 Created answers.</param>
/// <param name="Refused">Answers other than 201.</param>
/// <param name="Failed">Requests without an answer (connection error, timeout).</param>
/// <param name="P50">Median create latency, ms.</param>
/// <param name="P99">99th percentile create latency, ms.</param>
/// <param name="Completed">Callbacks that reached Completed in the minute.</param>
/// <param name="Backlog">Callbacks not yet completed at the minute's end.</param>
/// <param name="ResidentBytes">The app process's VmRSS.</param>
/// <param name="WalBytes">The SQLite <c>-wal</c> file.</param>
/// <param name="DatabaseBytes">The SQLite main file.</param>
/// <param name="ErrorLines">Log lines at error or critical level printed by the app in the minute.</param>
public sealed record SoakMinute(int Minute, int Sent, int Created, int Refused, int Failed, double P50, double P99,
    int Completed, int Backlog, long ResidentBytes, long WalBytes, long DatabaseBytes, int ErrorLines)
{
    public const string Header = "| min | sent | 201 | non-2xx | failed | p50 ms | p99 ms | completed | backlog | RSS MB | WAL MB | DB MB | error lines |";

    public const string Rule = "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Minute} | {Sent:N0} | {Created:N0} | {Refused} | {Failed} | {P50:F1} | {P99:F1} | {Completed:N0} | {Backlog:N0} | {Megabytes(ResidentBytes):F0} | {Megabytes(WalBytes):F1} | {Megabytes(DatabaseBytes):F1} | {ErrorLines} |");

    internal static double Megabytes(long bytes) => bytes / 1024.0 / 1024.0;
}
