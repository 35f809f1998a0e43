using System.Collections.Concurrent;
using System.Diagnostics;
using CallbackPortal.Engine;
using CallbackPortal.Live;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Live;

/// <summary>The shared live feed: one computation per burst of engine events, a change delivered soon after its event.</summary>
public sealed class LiveFeedTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private LiveSeed seed = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        seed = new LiveSeed(database);
        await seed.SeedAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task ABurstOfAThousandEventsLeadsToAFewComputations()
    {
        using var feed = seed.Feed();
        var snapshots = new ConcurrentQueue<LiveSnapshot>();
        using var subscription = feed.Subscribe(s =>
        {
            snapshots.Enqueue(s);
            return Task.CompletedTask;
        });
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(!snapshots.IsEmpty)));
        var first = snapshots.Last().Sequence;

        // A thousand events in bursts of ten (the engine at its busiest), the last change at the end.
        var burst = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            if (i == 999)
            {
                await seed.AddQueuedAsync(seed.Support);
            }
            seed.Events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, seed.Support.Id, Guid.NewGuid(), null));
            if (i % 10 == 9)
            {
                // Let the feed's loop run between events, as it would beside a busy engine.
                await Task.Yield();
            }
        }
        var lasted = burst.Elapsed;
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(snapshots.Any(s => Queued(s) == 4))));

        // One computation per 250 ms of burst at most, plus the one after it and a periodic refresh.
        var computations = snapshots.First(s => Queued(s) == 4).Sequence - first;
        var allowed = (int)Math.Ceiling(lasted / TimeSpan.FromMilliseconds(250)) + 2;
        Assert.True(computations >= 1 && computations <= allowed, $"{computations} computations for a burst of {lasted.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task AChangeArrivesSoonAfterItsEventNotAtTheNextRefresh()
    {
        using var feed = seed.Feed();
        var snapshots = new ConcurrentQueue<LiveSnapshot>();
        using var subscription = feed.Subscribe(s =>
        {
            snapshots.Enqueue(s);
            return Task.CompletedTask;
        });
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(!snapshots.IsEmpty)));

        await seed.AddQueuedAsync(seed.Support);
        var published = Stopwatch.StartNew();
        seed.Events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, seed.Support.Id, Guid.NewGuid(), null));

        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(snapshots.Any(s => Queued(s) == 4)), feed.RefreshInterval));
        Assert.True(published.Elapsed < feed.RefreshInterval - TimeSpan.FromSeconds(1), $"arrived after {published.Elapsed}");
    }

    [Fact]
    public async Task DashboardsShareOneComputationAndALateOneGetsTheCurrentFiguresAtOnce()
    {
        using var feed = seed.Feed();
        var firstDashboard = new ConcurrentQueue<LiveSnapshot>();
        using var one = feed.Subscribe(s =>
        {
            firstDashboard.Enqueue(s);
            return Task.CompletedTask;
        });
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(!firstDashboard.IsEmpty)));

        await using var watching = feed.WatchAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await watching.MoveNextAsync());

        Assert.Same(feed.Current, watching.Current);
        Assert.Equal(firstDashboard.Last().Sequence, watching.Current.Sequence);
    }

    [Fact]
    public async Task WithoutSubscribersTheFeedStops()
    {
        using var feed = seed.Feed();
        var snapshots = new ConcurrentQueue<LiveSnapshot>();
        var subscription = feed.Subscribe(s =>
        {
            snapshots.Enqueue(s);
            return Task.CompletedTask;
        });
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(feed.Current is not null)));

        subscription.Dispose();
        var delivered = snapshots.Count;
        seed.Events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, seed.Support.Id, Guid.NewGuid(), null));

        Assert.Null(feed.Current);
        Assert.False(await ApiServices.EventuallyAsync(() => Task.FromResult(snapshots.Count > delivered || feed.Current is not null), TimeSpan.FromSeconds(1)));
    }

    private static int Queued(LiveSnapshot snapshot) => snapshot.Services.Single(s => s.Key == "support").Figures.Queued;
}
