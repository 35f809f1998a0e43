using CallbackPortal.Callbacks;

namespace CallbackPortal.Tests.Engine;

/// <summary>Every state against every trigger: legal moves change the state and write the timeline; illegal ones are domain errors.</summary>
public sealed class CallbackStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, (Action<Callback> Act, CallbackState To)> Triggers = new()
    {
        ["queue"] = (c => c.Queue(Now, Actor.Engine), CallbackState.Queued),
        ["pause"] = (c => c.Pause(Now, "drill"), CallbackState.Paused),
        ["resume"] = (c => c.Resume(Now, "over"), CallbackState.Queued),
        ["claim"] = (c => c.Claim(Guid.NewGuid(), Now, Now.AddMinutes(1), "Ada"), CallbackState.Routing),
        ["connect"] = (c => c.Connect(Now, null), CallbackState.Processing),
        ["requeue"] = (c => c.Requeue(Now, Actor.Engine, "again"), CallbackState.Queued),
        ["retry"] = (c => c.ScheduleRetry(Now.AddMinutes(5), Now, "busy"), CallbackState.Scheduled),
        ["reschedule"] = (c => c.Reschedule(Now.AddHours(1), Now.AddHours(1), Now.AddDays(1), Now, Actor.Consumer), CallbackState.Scheduled),
        ["cancel"] = (c => c.Cancel(Now, Actor.Consumer), CallbackState.Completed),
        ["complete"] = (c => c.Complete(CompletionReason.TimedOut, Now, Actor.Engine), CallbackState.Completed),
    };

    private static readonly Dictionary<CallbackState, string[]> Legal = new()
    {
        [CallbackState.Scheduled] = ["queue", "reschedule", "cancel", "complete"],
        [CallbackState.Queued] = ["pause", "claim", "reschedule", "cancel", "complete"],
        [CallbackState.Paused] = ["resume", "reschedule", "cancel", "complete"],
        [CallbackState.Routing] = ["connect", "requeue", "retry", "cancel", "complete"],
        [CallbackState.Processing] = ["complete"],
        [CallbackState.Completed] = [],
    };

    public static TheoryData<CallbackState, string> Cases()
    {
        var data = new TheoryData<CallbackState, string>();
        foreach (var state in Enum.GetValues<CallbackState>())
        {
            foreach (var trigger in Triggers.Keys)
            {
                data.Add(state, trigger);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachTriggerIsLegalOnlyWhereTheLifecycleAllowsIt(CallbackState state, string trigger)
    {
        var callback = InState(state);
        var events = callback.Events.Count;
        var (act, to) = Triggers[trigger];

        if (Legal[state].Contains(trigger))
        {
            act(callback);
            Assert.Equal(to, callback.State);
            Assert.True(callback.Events.Count > events);
        }
        else
        {
            var error = Assert.Throws<DomainException>(() => act(callback));
            Assert.Contains(error.Code, new[] { "illegal-transition", "not-cancellable", "not-reschedulable" });
            Assert.Equal(state, callback.State);
        }
    }

    private static Callback InState(CallbackState state)
    {
        var callback = Callback.Start(Guid.NewGuid(), immediate: false, Now, Now.AddHours(1), Actor.Consumer);
        switch (state)
        {
            case CallbackState.Queued: callback.Queue(Now, Actor.Engine); break;
            case CallbackState.Paused: callback.Queue(Now, Actor.Engine); callback.Pause(Now, "p"); break;
            case CallbackState.Routing: callback.Queue(Now, Actor.Engine); callback.Claim(Guid.NewGuid(), Now, Now.AddMinutes(1), "A"); break;
            case CallbackState.Processing: callback.Queue(Now, Actor.Engine); callback.Claim(Guid.NewGuid(), Now, Now.AddMinutes(1), "A"); callback.Connect(Now, null); break;
            case CallbackState.Completed: callback.Complete(CompletionReason.Cancelled, Now, Actor.Consumer); break;
        }
        return callback;
    }
}
