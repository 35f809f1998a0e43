namespace CallbackPortal.Callbacks;

/// <summary>
/// Whether a callback was made when promised: an immediate one within the wait estimated when it was
/// offered (plus a minute of grace), a scheduled one within five minutes of the time the consumer chose.
/// </summary>
public static class Promise
{
    public static readonly TimeSpan ImmediateGrace = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ScheduledGrace = TimeSpan.FromMinutes(5);

    public static DateTimeOffset Deadline(Callback callback) => callback.IsImmediate
        ? callback.CreatedAt.AddSeconds(Math.Max(callback.EwtAtOffer ?? 0, 0)) + ImmediateGrace
        : callback.DesiredTime + ScheduledGrace;

    public static bool Kept(Callback callback) => callback.ProcessingAt is { } connected && connected <= Deadline(callback);

    /// <summary>From the time the consumer wanted the call to the time they were connected.</summary>
    public static double? WaitToConnectSeconds(Callback callback) =>
        callback.ProcessingAt is { } connected ? Math.Max(0, (connected - (callback.IsImmediate ? callback.CreatedAt : callback.DesiredTime)).TotalSeconds) : null;
}
