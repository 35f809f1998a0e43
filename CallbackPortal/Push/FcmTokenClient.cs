using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallbackPortal.Push;

/// <summary>What a push "Test" button found, in words for the page.</summary>
public sealed record PushTestResult(bool Ok, string Message);

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

    public async Task<PushTestResult> TryExchangeAsync(FcmCredentials credentials, CancellationToken ct)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        var endpoint = new Uri(credentials.TokenUri);
        using var form = new FormUrlEncodedContent([new("grant_type", GrantType), new("assertion", credentials.SignAssertion(clock.GetUtcNow()))]);
        try
        {
            using var response = await http.PostAsync(endpoint, form, ct);
            var answer = Parse(await response.Content.ReadAsStringAsync(ct));
            if (response.IsSuccessStatusCode && answer?["access_token"] is JsonValue)
            {
                return new PushTestResult(true, $"{endpoint.Host} issued an access token to {credentials.ClientEmail}: the credentials work.");
            }
            var error = Text(answer?["error"]);
            var description = Text(answer?["error_description"]);
            var words = error is null ? $"HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}" : description is null ? error : $"{error}: {description}";
            return new PushTestResult(false, $"{endpoint.Host} refused the credentials ({Clip(words)}).");
        }
        catch (HttpRequestException e)
        {
            return new PushTestResult(false, $"{endpoint.Host} could not be reached ({Clip(e.Message)}).");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PushTestResult(false, $"{endpoint.Host} did not answer within {http.Timeout.TotalSeconds:0.#} s.");
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
