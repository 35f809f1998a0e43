using CallbackPortal.Callbacks;
using CallbackPortal.Services;

namespace CallbackPortal.Push;

/// <summary>What a notification says and how long a push service should keep it for a device that is offline.</summary>
public static class PushMessages
{
    /// <summary>A push service keeps a message at most this long; longer would not help a callback of the day.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromHours(24);
    /// <summary>An ending is news for a while, not for a day.</summary>
    public static readonly TimeSpan EndingTimeToLive = TimeSpan.FromHours(1);

    /// <summary>
    /// The message in the callback's language. One tag per callback, so a newer notice replaces the older on the device;
    /// the data names the callback, the event and the service for the widget's service worker or the app.
    /// </summary>
    public static PushMessage For(PushEvent pushEvent, Callback callback, CallbackService service)
    {
        var language = callback.Language ?? service.Language;
        var zone = OfficeHours.FindZone(service.Schedule.TimeZone) ?? TimeZoneInfo.Utc;
        var data = new Dictionary<string, string>
        {
            ["callbackId"] = callback.Id.ToString(),
            ["event"] = EventName(pushEvent),
            ["service"] = service.Key,
        };
        return new PushMessage(
            PushTexts.Title(pushEvent, language),
            PushTexts.Body(pushEvent, language, callback.IsImmediate, callback.EwtAtOffer, callback.DesiredTime, zone),
            data,
            Tag(callback.Id));
    }

    public static string Tag(Guid callbackId) => $"callback-{callbackId:N}";

    public static string EventName(PushEvent pushEvent) => pushEvent.ToString().ToLowerInvariant();

    /// <summary>Until the callback could still be called (its expiry), at most a day; an ending for an hour.</summary>
    public static TimeSpan TimeToLive(PushEvent pushEvent, Callback callback, DateTimeOffset now)
    {
        if (pushEvent is PushEvent.Cancelled or PushEvent.Failed)
        {
            return EndingTimeToLive;
        }
        var left = callback.ExpiresAt - now;
        return left <= TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : left > MaxTimeToLive ? MaxTimeToLive : left;
    }
}
