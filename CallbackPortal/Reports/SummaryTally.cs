using CallbackPortal.Callbacks;
using CallbackPortal.Engine;

namespace CallbackPortal.Reports;

/// <summary>One line of the Callback Summary: a service (or all chosen services) over a day or hour (or the whole range for totals).</summary>
/// <param name="WholeDay">An hourly report's row for a purged day, whose numbers exist per day only.</param>
/// <param name="P90Estimated">The 90th percentile is estimated from the purged days' wait histogram rather than exact.</param>
public sealed record SummaryRow(
    Guid? ServiceId, string Service, DateTimeOffset? Period, bool WholeDay,
    int Offered, int Accepted, int RejectedByRule, int Immediate, int Scheduled,
    int Connected, int Unreachable, int TimedOut, int Cancelled, int OtherCompleted, int Attempts,
    double? AverageWaitSeconds, double? P90WaitSeconds, bool P90Estimated, double? PromiseKeptShare, double? AttemptsPerConnection, bool IncludesPurged)
{
    public string PeriodText(ReportGranularity granularity) => Period switch
    {
        null => "Total",
        { } p when WholeDay => $"{p:yyyy-MM-dd} (whole day, purged)",
        { } p when granularity == ReportGranularity.Hour => $"{p:yyyy-MM-dd HH}:00",
        { } p => $"{p:yyyy-MM-dd}",
    };
}

/// <summary>Adds up live callbacks, purged days and refusals for one row, then works out its averages and percentile.</summary>
internal sealed class SummaryTally
{
    private readonly List<double> waits = [];
    private readonly List<int> histogram = [];
    private int accepted, rejected, immediate, scheduled, connected, unreachable, timedOut, cancelled, other, attempts, kept;
    private double totalWait;
    private bool purged;

    /// <summary>A callback still in the database (<paramref name="wait"/> and <paramref name="promiseKept"/> from <see cref="Promise"/>).</summary>
    public void AddLive(bool isImmediate, CompletionReason? reason, int attemptCount, double? wait, bool promiseKept)
    {
        accepted++;
        _ = isImmediate ? immediate++ : scheduled++;
        Count(reason);
        attempts += attemptCount;
        if (wait is { } seconds)
        {
            waits.Add(seconds);
            totalWait += seconds;
        }
        kept += promiseKept ? 1 : 0;
    }

    public void AddPurged(DailyServiceStats day)
    {
        purged = true;
        accepted += day.Offered;
        immediate += day.Immediate;
        scheduled += day.Scheduled;
        connected += day.Connected;
        unreachable += day.Unreachable;
        timedOut += day.TimedOut;
        cancelled += day.Cancelled;
        other += day.OtherCompleted;
        attempts += day.Attempts;
        totalWait += day.TotalWaitToConnectSeconds;
        kept += day.ConnectedWithinPromise;
        for (var i = 0; i < day.WaitHistogram.Count; i++)
        {
            while (histogram.Count <= i)
            {
                histogram.Add(0);
            }
            histogram[i] += day.WaitHistogram[i];
        }
    }

    public void AddRefusals(int count) => rejected += count;

    public void Add(SummaryTally other)
    {
        accepted += other.accepted;
        rejected += other.rejected;
        immediate += other.immediate;
        scheduled += other.scheduled;
        connected += other.connected;
        unreachable += other.unreachable;
        timedOut += other.timedOut;
        cancelled += other.cancelled;
        this.other += other.other;
        attempts += other.attempts;
        kept += other.kept;
        totalWait += other.totalWait;
        purged |= other.purged;
        waits.AddRange(other.waits);
        for (var i = 0; i < other.histogram.Count; i++)
        {
            while (histogram.Count <= i)
            {
                histogram.Add(0);
            }
            histogram[i] += other.histogram[i];
        }
    }

    private void Count(CompletionReason? reason)
    {
        switch (reason)
        {
            case CompletionReason.AgentConnected: connected++; break;
            case CompletionReason.CustomerUnreachable: unreachable++; break;
            case CompletionReason.TimedOut: timedOut++; break;
            case CompletionReason.Cancelled or CompletionReason.CancelledByAdmin: cancelled++; break;
            case null: break;
            default: other++; break;
        }
    }

    public SummaryRow ToRow(Guid? serviceId, string service, DateTimeOffset? period, bool wholeDay)
    {
        double? p90;
        if (purged)
        {
            // Purged days keep only a histogram: the live waits join it and the percentile is estimated within a bucket.
            var merged = new List<int>(histogram);
            foreach (var wait in waits)
            {
                WaitBuckets.Add(merged, wait);
            }
            p90 = WaitBuckets.Estimate(merged, 90);
        }
        else
        {
            p90 = WaitBuckets.Exact([.. waits], 90);
        }
        return new SummaryRow(serviceId, service, period, wholeDay,
            accepted + rejected, accepted, rejected, immediate, scheduled, connected, unreachable, timedOut, cancelled, other, attempts,
            connected == 0 ? null : totalWait / connected, p90, purged && p90 is not null,
            connected == 0 ? null : (double)kept / connected, connected == 0 ? null : (double)attempts / connected, purged);
    }
}
