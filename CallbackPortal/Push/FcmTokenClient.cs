using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallbackPortal.Push;

/// <summary>What a push "Test" button found, in words for the page.</summary>
public sealed record PushTestResult(bool Ok, string Message);

/// <summary>An OAuth access token and when it expires; without a token, <paramref name="Message"/> says why, and <paramref name="Transient"/> whether trying later may help.</summary>
public sealed record FcmAccessToken(string? Token, DateTimeOffset ExpiresAt, string Message, bool Transient)
{
    /// <summary>Without the token: records print their members, and a bearer token must never reach a log.</summary>
    public override string ToString() => Token is null ? $"No FCM access token: {Message}" : $"FCM access token until {ExpiresAt:u}";
}

/// <summary>
/// Trades a service account's signed assertion for an access token at its token URI (the OAuth 2.0 JWT bearer grant,
/// RFC 7523), which is the first thing sending an FCM message does: success means the credentials work. Never throws
/// for the provider's failures; its own words come back in the result.
/// </summary>
public sealed class FcmTokenClient(IHttpClientFactory httpFactory, TimeProvider clock)
{
    public const string HttpClientName = "fcm-token";
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const int MaxResponseBytes = 64 * 1024;
    private const int MaxShownLength = 300;
    /// <summary>Google's tokens last an hour; used when an answer leaves <c>expires_in</c> out.</summary>
    private const int DefaultLifetimeSeconds = 3600;

    /// <summary>The exchange as the "Test" button reports it.</summary>
    public async Task<PushTestResult> TryExchangeAsync(FcmCredentials credentials, CancellationToken ct)
    {
        var answer = await RequestTokenAsync(credentials, ct);
        return new PushTestResult(answer.Token is not null, answer.Message);
    }

    /// <summary>An access token for sending, with when it expires; or, without a token, why none was issued.</summary>
    public async Task<FcmAccessToken> RequestTokenAsync(FcmCredentials credentials, CancellationToken ct)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        var endpoint = new Uri(credentials.TokenUri);
        var now = clock.GetUtcNow();
        using var form = new FormUrlEncodedContent([new("grant_type", GrantType), new("assertion", credentials.SignAssertion(now))]);
        try
        {
            using var response = await http.PostAsync(endpoint, form, ct);
            var answer = Parse(await response.Content.ReadAsStringAsync(ct));
            if (response.IsSuccessStatusCode && Text(answer?["access_token"]) is { } token)
            {
                var lifetime = answer?["expires_in"] is JsonValue v && v.TryGetValue<int>(out var seconds) && seconds > 0 ? seconds : DefaultLifetimeSeconds;
                return new FcmAccessToken(token, now.AddSeconds(lifetime), $"{endpoint.Host} issued an access token to {credentials.ClientEmail}: the credentials work.", false);
            }
            var error = Text(answer?["error"]);
            var description = Text(answer?["error_description"]);
            var words = error is null ? $"HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}" : description is null ? error : $"{error}: {description}";
            return new FcmAccessToken(null, now, $"{endpoint.Host} refused the credentials ({Clip(words)}).", (int)response.StatusCode >= 500);
        }
        catch (HttpRequestException e)
        {
            return new FcmAccessToken(null, now, $"{endpoint.Host} could not be reached ({Clip(e.Message)}).", true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FcmAccessToken(null, now, $"{endpoint.Host} did not answer within {http.Timeout.TotalSeconds:0.#} s.", true);
        }
    }

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static string Clip(string text) => text.Length <= MaxShownLength ? text : text[..MaxShownLength] + "…";
}
