using System.Globalization;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Push;

/// <summary>
/// A notification as an attempt-like entry of the callback's timeline: what was sent, over which channel, and what the
/// push service answered (DOMAIN.md §3: PushDelivered / PushFailed). The device's endpoint or token is never shown.
/// </summary>
public static class PushTimeline
{
    public const string Kind = "push";

    public static TimelineEntry Entry(PushNotification n)
    {
        var title = $"Push “{PushTexts.Title(n.Event)}” via {(n.Channel == PushChannel.WebPush ? "Web Push" : "FCM")}";
        var facts = new List<string> { $"event {PushMessages.EventName(n.Event)}", string.Create(CultureInfo.InvariantCulture, $"attempts {n.Attempts}") };
        if (n.State == PushNotificationState.Pending && n.NextAttemptAt is { } next)
        {
            facts.Add($"next attempt {next.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        }
        return new TimelineEntry(n.SentAt ?? n.CreatedAt, Kind, title, Outcome(n), TimelineEntries.Who(Actor.Engine, null), facts);
    }

    public static string Outcome(PushNotification n) => n.State switch
    {
        PushNotificationState.Delivered => $"PushDelivered{Status(n)}",
        PushNotificationState.Failed => $"PushFailed{Status(n)}: {n.ProviderAnswer}",
        PushNotificationState.Gone => $"PushFailed{Status(n)}: Gone, the device's subscription no longer exists and was removed",
        PushNotificationState.Dropped => $"Dropped: {n.ProviderAnswer}",
        PushNotificationState.Sending => "Sending",
        _ => n.ProviderAnswer is null ? "Pending" : $"Pending, retrying{Status(n)}: {n.ProviderAnswer}",
    };

    private static string Status(PushNotification n) =>
        n.ProviderStatus is { } status ? string.Create(CultureInfo.InvariantCulture, $" (HTTP {status})") : "";
}
