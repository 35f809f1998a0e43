using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.CallbackDetail;

/// <summary>The detail page's live feed: only its callback's events, a burst folded into one refresh, refreshes paced.</summary>
public sealed class CallbackChangeFeedTests
{
    [Fact]
    public async Task ABurstOfEventsLeadsToOneMoreRefreshAtLeastTheMinimumGapLater()
    {
        var events = new CallbackEventStream();
        var feed = new CallbackChangeFeed(events);
        var watched = Guid.NewGuid();
        var calls = new List<DateTime>();
        var firstMayEnd = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var watching = feed.WatchAsync(watched, async () =>
        {
            lock (calls)
            {
                calls.Add(DateTime.UtcNow);
            }
            if (calls.Count == 1)
            {
                await firstMayEnd.Task;
            }
        }, stop.Token);

        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, null, Guid.NewGuid(), null));
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, null, watched, null));
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(Count(calls) == 1)));
        for (var i = 0; i < 500; i++)
        {
            events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, null, watched, null));
        }
        firstMayEnd.SetResult();
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(Count(calls) == 2)));
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, null, watched, null));
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(Count(calls) == 3)));

        await stop.CancelAsync();
        await watching;
        Assert.Equal(3, Count(calls));
        Assert.True(calls[2] - calls[1] >= CallbackChangeFeed.MinimumGap - TimeSpan.FromMilliseconds(20), $"{(calls[2] - calls[1]).TotalMilliseconds} ms apart");
    }

    private static int Count(List<DateTime> calls)
    {
        lock (calls)
        {
            return calls.Count;
        }
    }
}
