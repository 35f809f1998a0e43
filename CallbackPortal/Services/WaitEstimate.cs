namespace CallbackPortal.Services;

/// <summary>
/// Estimated wait time (EWT) of a queued callback, in whole seconds; <see cref="Unknown"/> (−1) when
/// no agent who could take it is logged in.
/// </summary>
public static class WaitEstimate
{
    /// <summary>The EWT reported when it cannot be estimated: no eligible agent is logged in.</summary>
    public const int Unknown = -1;

    /// <summary>The average handle time assumed before any call has been handled.</summary>
    public const double DefaultHandleSeconds = 180;

    /// <summary>
    /// EWT = ⌈<paramref name="positionInQueue"/> × <paramref name="averageHandleSeconds"/> ÷
    /// <paramref name="eligibleAgentsLoggedIn"/>⌉: the callbacks up to and including this one are shared
    /// among the agents, each taking one average handle time. Position 1 is the next callback to be
    /// served. Returns <see cref="Unknown"/> when no eligible agent is logged in; at most <see cref="int.MaxValue"/>.
    /// </summary>
    /// <param name="positionInQueue">1 for the next callback to be served.</param>
    /// <param name="eligibleAgentsLoggedIn">Logged-in agents with every skill the service requires, whatever their presence.</param>
    /// <param name="averageHandleSeconds">See <see cref="AverageHandleSeconds"/>.</param>
    public static int EstimateSeconds(int positionInQueue, int eligibleAgentsLoggedIn, double averageHandleSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positionInQueue, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(eligibleAgentsLoggedIn);
        if (!double.IsFinite(averageHandleSeconds) || averageHandleSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(averageHandleSeconds), averageHandleSeconds, "The average handle time must be a finite number of seconds, zero or more.");
        }

        if (eligibleAgentsLoggedIn == 0)
        {
            return Unknown;
        }

        // Rounding first keeps floating-point noise (15 × 16.6 = 249.00000000000003) from adding a second.
        var seconds = Math.Ceiling(Math.Round((double)positionInQueue * averageHandleSeconds / eligibleAgentsLoggedIn, 6));
        return seconds >= int.MaxValue ? int.MaxValue : (int)seconds;
    }

    /// <summary>
    /// The mean of recent handle times, in seconds, ignoring values that are not positive (or not
    /// numbers); <paramref name="fallback"/> when none is left. The caller chooses the window (for
    /// example the last 50 calls of the service).
    /// </summary>
    public static double AverageHandleSeconds(IEnumerable<double> recentHandleSeconds, double fallback = DefaultHandleSeconds)
    {
        ArgumentNullException.ThrowIfNull(recentHandleSeconds);

        var usable = recentHandleSeconds.Where(s => s > 0 && double.IsFinite(s)).ToList();
        return usable.Count == 0 ? fallback : usable.Average();
    }
}
