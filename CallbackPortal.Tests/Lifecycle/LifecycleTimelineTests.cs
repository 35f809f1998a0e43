using CallbackPortal.Callbacks;
using CallbackPortal.Lifecycle;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary><see cref="TimelineEntries.For"/> places the widget's steps among the callback's events and attempts by time.</summary>
public sealed class LifecycleTimelineTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WidgetStepsMergeIntoTheTimelineInTimeOrderAndAfterEventsOfTheSameInstant()
    {
        var callback = Callback.Start(Guid.NewGuid(), immediate: false, T, T.AddHours(1), Actor.Consumer);
        callback.AddAttempt("+12025550143", agentFirst: false, T.AddMinutes(5));
        var widget = new List<WidgetEvent>
        {
            new() { Id = 3, Event = "completed", At = T, Metadata = "{}" },
            new() { Id = 1, Event = "opened", At = T.AddSeconds(-40), Metadata = """{"flags":{"proactive":true,"captchaShown":false}}""" },
            new() { Id = 2, Event = "submitted", At = T.AddSeconds(-1), Metadata = """{"counters":{"submitAttempts":1,"validationErrors":0},"errors":[{"field":"phoneNumber","code":"invalid-phone-number"}]}""" },
            new() { Id = 4, Event = "closed", At = T.AddMinutes(10), Metadata = """{"elapsedMs":{"openToClose":620000}}""" },
        };

        var timeline = TimelineEntries.For(callback, TimeZoneInfo.Utc, mayManage: false, widget);

        Assert.Equal(["Widget opened", "Widget submitted", "Created", "Widget completed", "Attempt", "Dial attempt 1 to consumer +1 •••••••• 43", "Widget closed"],
            timeline.Select(e => e.Title));
        Assert.Equal(
            ["flags proactive", "submitAttempts 1 · errors phoneNumber: invalid-phone-number", null, "elapsed openToClose 620 s"],
            timeline.Where(e => e.Kind == CallbackEventKinds.Lifecycle).Select(e => e.Detail));
        Assert.All(timeline.Where(e => e.Kind == CallbackEventKinds.Lifecycle), e => Assert.Equal("Consumer (widget)", e.Who));
    }
}
