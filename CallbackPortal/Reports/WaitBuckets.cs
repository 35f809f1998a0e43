namespace CallbackPortal.Reports;

/// <summary>
/// The buckets the wait to connect is counted in for days whose callbacks were purged (<c>DailyServiceStats.WaitHistogram</c>),
/// so a percentile of those days can still be estimated. Defined once: the purge fills them and the reports read them.
/// </summary>
public static class WaitBuckets
{
    /// <summary>Upper edges in seconds, exclusive; a last, open bucket holds waits of two hours and more.</summary>
    public static readonly IReadOnlyList<int> UpperEdges = [15, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200];

    public static int Count => UpperEdges.Count + 1;

    /// <summary>The bucket a wait falls in.</summary>
    public static int IndexOf(double waitSeconds)
    {
        for (var i = 0; i < UpperEdges.Count; i++)
        {
            if (waitSeconds < UpperEdges[i])
            {
                return i;
            }
        }
        return UpperEdges.Count;
    }

    public static int LowerEdge(int index) => index == 0 ? 0 : UpperEdges[index - 1];

    /// <summary>The bucket's upper edge; null for the last, open bucket.</summary>
    public static int? UpperEdge(int index) => index < UpperEdges.Count ? UpperEdges[index] : null;

    /// <summary>Adds one wait to a histogram (grown to <see cref="Count"/> buckets if it is shorter, as an old row is).</summary>
    public static void Add(List<int> histogram, double waitSeconds)
    {
        while (histogram.Count < Count)
        {
            histogram.Add(0);
        }
        histogram[IndexOf(waitSeconds)]++;
    }

    /// <summary>
    /// The <paramref name="percentile"/> (0–100, nearest rank) of the waits a histogram counts, interpolated linearly inside
    /// its bucket; the lower edge for the open last bucket. Null for an empty histogram.
    /// </summary>
    public static double? Estimate(IReadOnlyList<int> histogram, double percentile)
    {
        var total = histogram.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (int)Math.Ceiling(percentile / 100 * total));
        var before = 0;
        for (var i = 0; i < histogram.Count; i++)
        {
            if (before + histogram[i] >= rank)
            {
                var lower = LowerEdge(i);
                return UpperEdge(i) is { } upper ? lower + (upper - lower) * (double)(rank - before) / histogram[i] : lower;
            }
            before += histogram[i];
        }
        return LowerEdge(histogram.Count - 1);
    }

    /// <summary>The exact <paramref name="percentile"/> (nearest rank) of <paramref name="waits"/>, which it sorts; null when empty.</summary>
    public static double? Exact(List<double> waits, double percentile)
    {
        if (waits.Count == 0)
        {
            return null;
        }
        waits.Sort();
        var rank = Math.Max(1, (int)Math.Ceiling(percentile / 100 * waits.Count));
        return waits[rank - 1];
    }
}
