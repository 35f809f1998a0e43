using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace CallbackPortal.Push;

/// <summary>A browser's push subscription as <c>PushSubscription.toJSON()</c> gives it: the endpoint and its two keys (base64url).</summary>
public sealed record WebPushSubscription(string Endpoint, string P256dh, string Auth);

/// <summary>The service's VAPID identity: the key pair browsers subscribed with and the contact push services may reach.</summary>
public sealed record VapidIdentity(string PublicKey, string PrivateKeyPkcs8, string Subject)
{
    /// <summary>Without the private key: records print their members, and this one must never reach a log.</summary>
    public override string ToString() => $"VAPID {PublicKey} ({Subject})";
}

/// <summary>RFC 8030 §5.3: how soon the device should wake up for the message.</summary>
public enum PushUrgency
{
    VeryLow,
    Low,
    Normal,
    High,
}

/// <summary>
/// Sends one Web Push message (RFC 8030) to a browser's push service: the payload encrypted for the subscription
/// (RFC 8291), a VAPID authorization (RFC 8292) for the endpoint's origin, and the push service's answer classified
/// into what the caller does next. Never throws for the push service's failures.
/// </summary>
public sealed class WebPushSender(IHttpClientFactory httpFactory, TimeProvider clock)
{
    public const string HttpClientName = "web-push";
    /// <summary>Well inside the 24 hours RFC 8292 allows, so a push service's clock skew does not reject the token.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    public async Task<PushDelivery> SendAsync(
        WebPushSubscription subscription, VapidIdentity vapid, PushMessage message, TimeSpan timeToLive, PushUrgency? urgency, CancellationToken ct)
    {
        if (!IsEndpoint(subscription.Endpoint, out var endpoint))
        {
            return PushDelivery.NotSent(PushOutcome.SubscriptionInvalid, "The subscription's endpoint is not an https URL.");
        }
        var payload = message.ToWebPushPayload();
        if (payload.Length > WebPushEncryption.MaxPayloadBytes)
        {
            return PushDelivery.NotSent(PushOutcome.TooBig, $"The message is {payload.Length} bytes; Web Push carries at most {WebPushEncryption.MaxPayloadBytes}.");
        }
        byte[] body;
        try
        {
            body = WebPushEncryption.Encrypt(subscription.P256dh, subscription.Auth, payload);
        }
        catch (InvalidSubscriptionException e)
        {
            return PushDelivery.NotSent(PushOutcome.SubscriptionInvalid, e.Message);
        }

        string token;
        try
        {
            token = VapidKeys.SignToken(vapid.PrivateKeyPkcs8, endpoint.GetLeftPart(UriPartial.Authority), vapid.Subject, clock.GetUtcNow() + TokenLifetime);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return PushDelivery.NotSent(PushOutcome.Failed, "The service's VAPID private key cannot be used; generate new keys.");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("TTL", ((long)Math.Max(0, timeToLive.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        if (urgency is { } level)
        {
            request.Headers.TryAddWithoutValidation("Urgency", UrgencyValue(level));
        }
        request.Headers.TryAddWithoutValidation("Authorization", $"vapid t={token}, k={vapid.PublicKey}");

        var http = httpFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var answer = await PushDelivery.ReadAnswerAsync(response, ct);
            var outcome = status switch
            {
                200 or 201 or 202 => PushOutcome.Delivered,
                404 or 410 => PushOutcome.Gone,
                413 => PushOutcome.TooBig,
                429 or >= 500 => PushOutcome.RetryLater,
                _ => PushOutcome.Failed,
            };
            var retryAfter = outcome == PushOutcome.RetryLater ? PushDelivery.RetryAfterOf(response, clock.GetUtcNow()) : null;
            return new PushDelivery(outcome, status, answer, retryAfter);
        }
        catch (HttpRequestException e)
        {
            return PushDelivery.NotSent(PushOutcome.RetryLater, $"{endpoint.Host} could not be reached ({PushDelivery.Clip(e.Message)}).");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return PushDelivery.NotSent(PushOutcome.RetryLater, $"{endpoint.Host} did not answer within {http.Timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>An https URL; plain http only on this machine (a local stand-in of a push service).</summary>
    public static bool IsEndpoint(string? value, out Uri endpoint) =>
        Uri.TryCreate(value, UriKind.Absolute, out endpoint!)
        && (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback));

    private static string UrgencyValue(PushUrgency urgency) => urgency switch
    {
        PushUrgency.VeryLow => "very-low",
        PushUrgency.Low => "low",
        PushUrgency.High => "high",
        _ => "normal",
    };
}
