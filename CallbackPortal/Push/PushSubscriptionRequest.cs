using System.Buffers.Text;
using System.Text.Json;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Push;

/// <summary>
/// A push subscription as a consumer sends it (API.md): <c>{ "webPush": { "endpoint", "keys": { "p256dh", "auth" } } }</c>
/// from a browser (what <c>PushSubscription.toJSON()</c> gives, under <c>webPush</c>) or <c>{ "fcm": { "token" } }</c>
/// from an app. <see cref="Parse"/> checks it completely, so a stored subscription can always be encrypted for.
/// </summary>
public sealed record PushSubscriptionRequest(PushChannel Channel, string Endpoint, string? P256dh, string? Auth)
{
    public const int MaxEndpointLength = 2048;
    public const int MaxFcmTokenLength = 4096;

    /// <summary>The subscription in <paramref name="element"/>, or null when absent or JSON null.</summary>
    /// <param name="field">The name errors are reported under (<c>push</c> inside a create, empty for a body of its own).</param>
    /// <exception cref="DomainException"><c>validation-failed</c> with the field that is wrong.</exception>
    public static PushSubscriptionRequest? Parse(JsonElement? element, string field = "push")
    {
        if (element is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        var prefix = field.Length == 0 ? "" : field + ".";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(field.Length == 0 ? "body" : field, "Send an object with webPush (a browser's subscription) or fcm (an app's token).");
        }
        var webPush = Member(value, "webPush");
        var fcm = Member(value, "fcm");
        if ((webPush is null) == (fcm is null))
        {
            throw Invalid(field.Length == 0 ? "body" : field, "Send exactly one of webPush (a browser's subscription) and fcm (an app's token).");
        }
        return webPush is { } browser ? ParseWebPush(browser, prefix + "webPush") : ParseFcm(fcm!.Value, prefix + "fcm");
    }

    private static PushSubscriptionRequest ParseWebPush(JsonElement browser, string field)
    {
        if (browser.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(field, "Send the browser's PushSubscription.toJSON(): { endpoint, keys: { p256dh, auth } }.");
        }
        var endpoint = Text(browser, "endpoint");
        if (endpoint is null || endpoint.Length > MaxEndpointLength || !WebPushSender.IsEndpoint(endpoint, out _))
        {
            throw Invalid(field + ".endpoint", $"Give the subscription's https endpoint (at most {MaxEndpointLength} characters).");
        }
        var keys = Member(browser, "keys");
        var p256dh = keys is { ValueKind: JsonValueKind.Object } k1 ? Text(k1, "p256dh") : null;
        var auth = keys is { ValueKind: JsonValueKind.Object } k2 ? Text(k2, "auth") : null;
        if (!IsBase64Url(p256dh, WebPushEncryption.PointLength) || !VapidKeys.IsPublicKey(p256dh))
        {
            throw Invalid(field + ".keys.p256dh", "Give the browser's P-256 public key: 65 bytes in base64url.");
        }
        if (!IsBase64Url(auth, WebPushEncryption.AuthSecretLength))
        {
            throw Invalid(field + ".keys.auth", "Give the browser's auth secret: 16 bytes in base64url.");
        }
        return new PushSubscriptionRequest(PushChannel.WebPush, endpoint, p256dh, auth);
    }

    private static PushSubscriptionRequest ParseFcm(JsonElement app, string field)
    {
        var token = app.ValueKind == JsonValueKind.Object ? Text(app, "token") : null;
        if (token is null || token.Length > MaxFcmTokenLength || !token.All(IsTokenCharacter))
        {
            throw Invalid(field + ".token", $"Give the app's FCM registration token (at most {MaxFcmTokenLength} characters of A-Z, a-z, 0-9, ':', '_', '-').");
        }
        return new PushSubscriptionRequest(PushChannel.Fcm, token, null, null);
    }

    /// <summary>Refuses a channel the service has not turned on: the consumer would wait for notifications that never come.</summary>
    public void RequireEnabled(PushSettings settings, string field = "push")
    {
        var enabled = Channel == PushChannel.WebPush ? settings.WebPushEnabled && settings.HasVapidKeys() : settings.FcmEnabled && settings.HasFcmCredentials();
        if (!enabled)
        {
            throw new DomainException("push-not-enabled",
                $"This service does not send {(Channel == PushChannel.WebPush ? "Web Push" : "FCM")} notifications.",
                new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = ["Push notifications of this kind are not turned on for this service."] });
        }
    }

    public PushSubscription ToEntity(Guid callbackId, DateTimeOffset now) =>
        new() { Id = Guid.NewGuid(), CallbackId = callbackId, Channel = Channel, Endpoint = Endpoint, P256dh = P256dh, Auth = Auth, CreatedAt = now };

    private static bool IsTokenCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '-';

    private static bool IsBase64Url(string? value, int length)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 128)
        {
            return false;
        }
        var trimmed = value.TrimEnd('=');
        Span<byte> buffer = stackalloc byte[96];
        return Base64Url.IsValid(trimmed, out var decoded) && decoded == length
            && Base64Url.TryDecodeFromChars(trimmed, buffer, out var written) && written == length;
    }

    private static JsonElement? Member(JsonElement value, string name)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? Text(JsonElement value, string name) =>
        Member(value, name) is { ValueKind: JsonValueKind.String } text ? text.GetString()?.Trim() : null;

    private static DomainException Invalid(string field, string message) =>
        new("validation-failed", "The push subscription is not valid.", new Dictionary<string, string[]> { [field] = [message] });
}
