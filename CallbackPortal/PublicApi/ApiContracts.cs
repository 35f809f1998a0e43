using System.Text.Json;

namespace CallbackPortal.PublicApi;

/// <summary>Create request body of <c>POST /api/v1/services/{service}/callbacks</c> (API.md).</summary>
/// <param name="PhoneNumber">The consumer's number, in E.164 or in the national format of the service's default country.</param>
/// <param name="DesiredTime">ISO 8601 with <c>Z</c> or an offset; null or absent means as soon as possible.</param>
/// <param name="UserData">Journey context (page, order, campaign): string, number or true/false values.</param>
/// <param name="Captcha">The CAPTCHA token, or the proof-of-work solution of the built-in CAPTCHA.</param>
/// <param name="Push">A device to notify about this callback: <c>{ webPush: { endpoint, keys: { p256dh, auth } } }</c> or <c>{ fcm: { token } }</c> (see <see cref="PushSubscriptionBody"/>).</param>
/// <param name="PhoneCountry">ISO 3166 alpha-2 country a number without + is read in (the widget's country selector); default: the service's country.</param>
/// <param name="SessionId">The widget session asking (1-64 of A-Z, a-z, 0-9, '_', '-'): its lifecycle events are linked to this callback.</param>
public sealed record CreateCallbackBody(
    string? PhoneNumber,
    string? DesiredTime,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Notes,
    string? Language,
    Dictionary<string, JsonElement>? UserData,
    string? Captcha,
    JsonElement? Push,
    string? PhoneCountry = null,
    string? SessionId = null);

/// <summary>A push subscription (<c>PUT /api/v1/callbacks/{id}/push</c>, or <c>push</c> in a create): exactly one of the two.</summary>
/// <param name="WebPush">A browser's <c>PushSubscription.toJSON()</c>.</param>
/// <param name="Fcm">An app's FCM registration token.</param>
public sealed record PushSubscriptionBody(WebPushSubscriptionBody? WebPush, FcmSubscriptionBody? Fcm);

/// <summary>A browser's push subscription: the push service's endpoint and the keys messages are encrypted for (base64url).</summary>
public sealed record WebPushSubscriptionBody(string Endpoint, WebPushKeysBody Keys);

public sealed record WebPushKeysBody(string P256dh, string Auth);

public sealed record FcmSubscriptionBody(string Token);

/// <summary>Reschedule body of <c>PATCH /api/v1/callbacks/{id}</c>.</summary>
public sealed record RescheduleBody(string? DesiredTime);

/// <summary>What a consumer sees of a callback (with its access token).</summary>
public sealed record CallbackView(Guid Id, string State, string? Reason, DateTimeOffset DesiredTime, int? PositionInQueue, int? EwtSeconds);

/// <summary>The answer to a create: the only time the access token is shown.</summary>
public sealed record CreatedCallbackView(Guid Id, string AccessToken, string State, DateTimeOffset DesiredTime, int? PositionInQueue, int? EwtSeconds);

/// <summary>The CAPTCHA a consumer must pass for a service: provider name and, for third-party providers, the public site key.</summary>
public sealed record CaptchaView(string Provider, string? SiteKey);

/// <summary>Answer of <c>GET /api/v1/services/{service}/status</c>.</summary>
public sealed record ServiceStatusView(string Service, bool Open, long OpenForSeconds, int EwtSeconds, int Queued, bool OfferImmediate, bool OfferScheduled,
    CaptchaView Captcha, PushView Push);

/// <summary>
/// The push notifications a service sends: with <c>webPush</c> a browser may subscribe with <c>vapidPublicKey</c> (its
/// <c>applicationServerKey</c>); with <c>fcm</c> an app may register its token.
/// </summary>
public sealed record PushView(bool WebPush, string? VapidPublicKey, bool Fcm);

/// <summary>One time slot: <c>capacity</c> is what is still free, <c>total</c> the slot's capacity.</summary>
public sealed record SlotView(DateTimeOffset UtcTime, string LocalTime, int Capacity, int Total);

/// <summary>Answer of <c>GET /api/v1/services/{service}/availability</c>.</summary>
public sealed record AvailabilityView(int DurationMinutes, string Timezone, IReadOnlyList<SlotView> Slots);
