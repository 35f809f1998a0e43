using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Push;

/// <summary>
/// Sends one notification to a mobile app through FCM HTTP v1 (<c>POST /v1/projects/{project}/messages:send</c>)
/// with an OAuth token from <see cref="FcmTokenClient"/>, kept until shortly before it expires. FCM's answer is
/// classified into what the caller does next; never throws for FCM's failures.
/// </summary>
public sealed class FcmSender(IHttpClientFactory httpFactory, FcmTokenClient tokenClient, IOptions<PushOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "fcm-send";
    /// <summary>A token this close to its expiry is replaced before use, so a send never races the expiry.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, FcmAccessToken> tokens = new(StringComparer.Ordinal);

    public async Task<PushDelivery> SendAsync(FcmCredentials credentials, string deviceToken, PushMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(deviceToken))
        {
            return PushDelivery.NotSent(PushOutcome.SubscriptionInvalid, "The device has no FCM registration token.");
        }
        var endpoint = new Uri($"{options.Value.FcmBaseUrl.TrimEnd('/')}/v1/projects/{Uri.EscapeDataString(credentials.ProjectId)}/messages:send");
        var http = httpFactory.CreateClient(HttpClientName);
        var refreshed = false;
        while (true)
        {
            var token = await TokenAsync(credentials, ct);
            if (token.Token is null)
            {
                return PushDelivery.NotSent(token.Transient ? PushOutcome.RetryLater : PushOutcome.Failed, token.Message);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(Body(deviceToken, message)) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                var status = (int)response.StatusCode;
                var answer = await PushDelivery.ReadAnswerAsync(response, ct);
                if (status == 401 && !refreshed)
                {
                    // The token was revoked or expired early: one fresh token, then FCM's answer stands.
                    tokens.TryRemove(CacheKey(credentials), out _);
                    refreshed = true;
                    continue;
                }
                var outcome = Classify(status, answer);
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
    }

    /// <summary>FCM's v1 message: the notification the device shows, the app's data, and the tag that replaces an older one.</summary>
    internal static JsonObject Body(string deviceToken, PushMessage message)
    {
        var fields = new JsonObject
        {
            ["token"] = deviceToken,
            ["notification"] = new JsonObject { ["title"] = message.Title, ["body"] = message.Body },
        };
        if (message.Data is { Count: > 0 } data)
        {
            fields["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value))));
        }
        if (!string.IsNullOrEmpty(message.Tag))
        {
            fields["android"] = new JsonObject { ["notification"] = new JsonObject { ["tag"] = message.Tag } };
        }
        return new JsonObject { ["message"] = fields };
    }

    /// <summary>
    /// 404 or UNREGISTERED: the app was uninstalled or the token replaced. INVALID_ARGUMENT counts as gone only when it is
    /// about the token (a malformed message is our fault, not the device's).
    /// </summary>
    internal static PushOutcome Classify(int status, string answer)
    {
        var (errorStatus, errorCodes, aboutToken) = ReadError(answer);
        return status switch
        {
            200 => PushOutcome.Delivered,
            404 => PushOutcome.Gone,
            _ when errorCodes.Contains("UNREGISTERED") => PushOutcome.Gone,
            400 when (errorStatus == "INVALID_ARGUMENT" || errorCodes.Contains("INVALID_ARGUMENT")) && aboutToken => PushOutcome.Gone,
            429 or >= 500 => PushOutcome.RetryLater,
            _ => PushOutcome.Failed,
        };
    }

    private static (string? Status, HashSet<string> Codes, bool AboutToken) ReadError(string answer)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(answer)?["error"] is not JsonObject error)
            {
                return (null, codes, false);
            }
            var aboutToken = error["message"] is JsonValue m && m.TryGetValue<string>(out var words) && words.Contains("registration token", StringComparison.OrdinalIgnoreCase);
            foreach (var detail in (error["details"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (detail["errorCode"] is JsonValue c && c.TryGetValue<string>(out var code))
                {
                    codes.Add(code);
                }
                aboutToken |= (detail["fieldViolations"] as JsonArray ?? []).OfType<JsonObject>()
                    .Any(v => v["field"] is JsonValue f && f.TryGetValue<string>(out var field) && field == "message.token");
            }
            var status = error["status"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : null;
            return (status, codes, aboutToken);
        }
        catch (JsonException)
        {
            // A clipped or non-JSON answer: classified by its status alone.
            return (null, codes, false);
        }
    }

    private async Task<FcmAccessToken> TokenAsync(FcmCredentials credentials, CancellationToken ct)
    {
        var key = CacheKey(credentials);
        if (tokens.TryGetValue(key, out var cached) && cached.ExpiresAt - RefreshMargin > clock.GetUtcNow())
        {
            return cached;
        }
        var fresh = await tokenClient.RequestTokenAsync(credentials, ct);
        if (fresh.Token is not null)
        {
            tokens[key] = fresh;
        }
        return fresh;
    }

    /// <summary>Per account and key, without keeping the private key itself as a dictionary key.</summary>
    private static string CacheKey(FcmCredentials credentials) =>
        $"{credentials.TokenUri}|{credentials.ClientEmail}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.PrivateKeyPem)))}";
}
