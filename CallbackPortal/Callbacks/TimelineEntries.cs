using System.Globalization;
using CallbackPortal.Lifecycle;

namespace CallbackPortal.Callbacks;

/// <summary>
/// Merges a callback's recorded events, its dial attempts and its widget session's lifecycle events into one timeline,
/// in time order (a widget event at the consumer's clock, as received). At the same instant events come first in the
/// order they were recorded, then attempts by number (an attempt is recorded with the event that announces it), then
/// widget events in the order they arrived, then push notifications.
/// </summary>
public static class TimelineEntries
{
    public static IReadOnlyList<TimelineEntry> For(Callback callback, TimeZoneInfo zone, bool mayManage, IReadOnlyList<WidgetEvent>? widget = null,
        IReadOnlyList<Push.PushNotification>? pushes = null)
    {
        var events = callback.Events.OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select((e, i) => (e.At, Source: 0, Order: (long)i, Entry: FromEvent(e)));
        var attempts = callback.Attempts
            .Select(a => (At: a.CreatedAt, Source: 1, Order: (long)a.Number, Entry: FromAttempt(a, zone, mayManage)));
        var steps = (widget ?? []).Select(w => (w.At, Source: 2, Order: w.Id, Entry: FromWidget(w)));
        var notices = (pushes ?? []).Select(n => (At: n.SentAt ?? n.CreatedAt, Source: 3, Order: n.Id, Entry: Push.PushTimeline.Entry(n)));
        return [.. events.Concat(attempts).Concat(steps).Concat(notices).OrderBy(x => x.At).ThenBy(x => x.Source).ThenBy(x => x.Order).Select(x => x.Entry)];
    }

    private static TimelineEntry FromWidget(WidgetEvent w) =>
        new(w.At, CallbackEventKinds.Lifecycle, WidgetEventSummary.Title(w.Event), WidgetEventSummary.Detail(w.Metadata), Who(Actor.Consumer, "(widget)"), []);

    public static string Who(Actor actor, string? actorName) => actorName is null ? actor.ToString() : $"{actor} {actorName}";

    private static TimelineEntry FromEvent(CallbackEvent e) =>
        new(e.At, e.Kind, Title(e), e.Detail, Who(e.Actor, e.ActorName), []);

    private static string Title(CallbackEvent e) => e.Kind switch
    {
        CallbackEventKinds.Created => "Created",
        CallbackEventKinds.StateChanged => $"{e.FromState} → {e.ToState}",
        CallbackEventKinds.Attempt => "Attempt",
        CallbackEventKinds.Preview => "Preview",
        CallbackEventKinds.Rescheduled => "Rescheduled",
        CallbackEventKinds.Rule => "Rule decision",
        CallbackEventKinds.Priority => "Priority",
        CallbackEventKinds.WrapUp => "Wrap-up",
        CallbackEventKinds.Lifecycle => "Widget",
        _ => e.Kind,
    };

    private static TimelineEntry FromAttempt(DialAttempt a, TimeZoneInfo zone, bool mayManage)
    {
        var facts = new List<string> { $"stage {a.Stage}" };
        Add(facts, "provider call", a.ProviderCallId);
        var day = TimeZoneInfo.ConvertTime(a.CreatedAt, zone).Date;
        Add(facts, "sent", a.SentAt, zone, day);
        Add(facts, "answered", a.AnsweredAt, zone, day);
        Add(facts, "connected", a.ConnectedAt, zone, day);
        Add(facts, "ended", a.EndedAt, zone, day);
        Add(facts, "answered by", a.AnsweredBy);
        if (a.TalkSeconds is { } talk)
        {
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"talked {talk} s"));
        }
        var title = $"Dial attempt {a.Number} to {(a.AgentFirst ? "agent" : "consumer")} {PhoneMasking.Show(a.To, mayManage)}";
        var outcome = a.Result is { } result ? a.Detail is null ? result.ToString() : $"{result}: {a.Detail}" : a.Detail;
        return new TimelineEntry(a.CreatedAt, TimelineEntry.DialKind, title, outcome, Who(Actor.Engine, null), facts);
    }

    private static void Add(List<string> facts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            facts.Add($"{name} {value}");
        }
    }

    /// <summary>A time of the attempt, without its date when that is the day the attempt began (on the service's clock).</summary>
    private static void Add(List<string> facts, string name, DateTimeOffset? at, TimeZoneInfo zone, DateTime day)
    {
        if (at is { } instant)
        {
            var local = TimeZoneInfo.ConvertTime(instant, zone);
            facts.Add($"{name} {(local.Date == day ? local.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : CallbackDetailView.Format(instant, zone))}");
        }
    }
}
