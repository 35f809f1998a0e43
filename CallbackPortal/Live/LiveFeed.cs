using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.ComponentModel.DataAnnotations;
using CallbackPortal.Engine;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Live;

/// <summary>
/// The one computation behind every open live dashboard. While anyone subscribes it listens to the engine's
/// <see cref="CallbackEventStream"/> and recomputes the <see cref="LiveSnapshot"/> after changes — a burst of events
/// leads to one computation, at most one per <see cref="MinimumInterval"/> — and every <see cref="RefreshInterval"/>
/// for the figures that move with time (ages, "today", the last hour). With no subscriber it does nothing.
/// </summary>
public sealed class LiveFeed(LiveQueries queries, CallbackEventStream events, TimeProvider clock, ILogger<LiveFeed> logger, IOptions<LiveOptions> options) : IDisposable
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The periodic recomputation for figures that move with time (<c>Live:RefreshSeconds</c>, 5 s by default).</summary>
    public TimeSpan RefreshInterval { get; } = TimeSpan.FromSeconds(options.Value.RefreshSeconds);

    private readonly Lock gate = new();
    private readonly List<Subscription> subscribers = [];
    private CancellationTokenSource? running;
    private readonly ILogger log = logger;
    private long sequence;

    /// <summary>The latest snapshot while the feed runs (null before its first computation and after its last subscriber left).</summary>
    public LiveSnapshot? Current { get; private set; }

    /// <summary>
    /// Hands each new snapshot to <paramref name="onSnapshot"/> (the current one at once, if there is one) until the
    /// returned subscription is disposed. A subscriber still busy with one snapshot gets only the latest afterwards.
    /// </summary>
    public IDisposable Subscribe(Func<LiveSnapshot, Task> onSnapshot)
    {
        var subscription = new Subscription(this, onSnapshot);
        LiveSnapshot? current;
        lock (gate)
        {
            subscribers.Add(subscription);
            if (running is null)
            {
                running = new CancellationTokenSource();
                _ = RunAsync(running.Token);
            }
            current = Current;
        }
        if (current is not null)
        {
            subscription.Offer(current);
        }
        return subscription;
    }

    /// <summary>The snapshots as they come; one that is not read in time is replaced by the next.</summary>
    public async IAsyncEnumerable<LiveSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var latest = Channel.CreateBounded<LiveSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        using var subscription = Subscribe(snapshot =>
        {
            latest.Writer.TryWrite(snapshot);
            return Task.CompletedTask;
        });
        await foreach (var snapshot in latest.Reader.ReadAllAsync(ct))
        {
            yield return snapshot;
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (gate)
        {
            if (subscribers.Remove(subscription) && subscribers.Count == 0 && running is not null)
            {
                running.Cancel();
                running.Dispose();
                running = null;
                Current = null;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            running?.Cancel();
            running?.Dispose();
            running = null;
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        // Starts listening before the first computation, so no change between the two is missed.
        var listening = ListenAsync(changed.Writer, ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var started = clock.GetTimestamp();
                await PublishAsync(ct);
                await WaitForChangeAsync(changed.Reader, ct);
                var rest = MinimumInterval - clock.GetElapsedTime(started);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, clock, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await listening;
    }

    private async Task ListenAsync(ChannelWriter<bool> changed, CancellationToken ct)
    {
        try
        {
            await foreach (var _ in events.SubscribeAsync(ct))
            {
                changed.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task WaitForChangeAsync(ChannelReader<bool> changed, CancellationToken ct)
    {
        using var refresh = new CancellationTokenSource(RefreshInterval, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, refresh.Token);
        try
        {
            await changed.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Time for the periodic refresh.
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        LiveSnapshot snapshot;
        try
        {
            snapshot = (await queries.ComputeAsync(ct)) with { Sequence = Interlocked.Increment(ref sequence) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next change or refresh tries again; dashboards keep showing the last figures meanwhile.
            log.LogWarning(e, "The live dashboard's figures could not be computed");
            return;
        }
        Subscription[] targets;
        lock (gate)
        {
            if (ct.IsCancellationRequested)
            {
                return;
            }
            Current = snapshot;
            targets = [.. subscribers];
        }
        foreach (var target in targets)
        {
            target.Offer(snapshot);
        }
    }

    /// <summary>One subscriber: deliveries never overlap, and one that is busy gets only the latest snapshot next.</summary>
    private sealed class Subscription(LiveFeed feed, Func<LiveSnapshot, Task> onSnapshot) : IDisposable
    {
        private readonly Lock gate = new();
        private LiveSnapshot? pending;
        private bool delivering;
        private bool disposed;

        public void Offer(LiveSnapshot snapshot)
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }
                pending = snapshot;
                if (delivering)
                {
                    return;
                }
                delivering = true;
            }
            // On the thread pool: a slow dashboard never holds up the feed or the others.
            _ = Task.Run(DeliverAsync);
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                LiveSnapshot next;
                lock (gate)
                {
                    if (pending is null || disposed)
                    {
                        delivering = false;
                        return;
                    }
                    (next, pending) = (pending, null);
                }
                try
                {
                    await onSnapshot(next);
                }
                catch (Exception e)
                {
                    feed.log.LogWarning(e, "A live dashboard failed to take its figures");
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                pending = null;
            }
            feed.Unsubscribe(this);
        }
    }
}

/// <summary>Settings of <c>Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often the live dashboard recomputes without a change (ages, "today", the last hour move with time).</summary>
    [Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RefreshSeconds { get; set; } = 5;
}
