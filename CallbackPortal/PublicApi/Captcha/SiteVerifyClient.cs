using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// The fields of a siteverify answer that reCAPTCHA (v2 and v3), hCaptcha and Turnstile share; <see cref="Score"/> and
/// <see cref="Action"/> come from reCAPTCHA v3 (Turnstile also echoes an action).
/// </summary>
public sealed record SiteVerifyResponse(
    [property: JsonPropertyName("success")] bool? Success,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("error-codes")] IReadOnlyList<string>? ErrorCodes);

/// <summary>The provider's answer, or why there is none (<see cref="Unreachable"/>): down, too slow, an error status or not siteverify JSON.</summary>
public sealed record SiteVerifyAnswer(SiteVerifyResponse? Response, string? Unreachable);

/// <summary>
/// Asks a provider's siteverify API about a token: a form POST of <c>secret</c>, <c>response</c> and, when known,
/// <c>remoteip</c> (and <c>sitekey</c>, which hCaptcha checks the token against). Never throws for the provider's
/// failures: the caller refuses the token, so an outage can never wave a request through.
/// </summary>
public sealed class SiteVerifyClient(HttpClient http)
{
    /// <summary>Larger answers are not siteverify answers; reading stops there.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    public async Task<SiteVerifyAnswer> VerifyAsync(string url, string secret, string token, string? remoteIp, string? siteKey, CancellationToken ct)
    {
        var fields = new List<KeyValuePair<string, string>> { new("secret", secret), new("response", token) };
        if (!string.IsNullOrWhiteSpace(remoteIp))
        {
            fields.Add(new("remoteip", remoteIp));
        }
        if (!string.IsNullOrWhiteSpace(siteKey))
        {
            fields.Add(new("sitekey", siteKey));
        }
        try
        {
            using var content = new FormUrlEncodedContent(fields);
            using var response = await http.PostAsync(new Uri(url), content, ct);
            if (!response.IsSuccessStatusCode)
            {
                return Unreachable($"it answered HTTP {(int)response.StatusCode}");
            }
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var answer = JsonSerializer.Deserialize<SiteVerifyResponse>(body);
            return answer?.Success is null ? Unreachable("its answer has no 'success'") : new SiteVerifyAnswer(answer, null);
        }
        catch (HttpRequestException e)
        {
            return Unreachable(e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unreachable($"no answer within {http.Timeout.TotalSeconds:0.#} s");
        }
        catch (JsonException)
        {
            return Unreachable("its answer is not siteverify JSON");
        }
    }

    private static SiteVerifyAnswer Unreachable(string why) => new(null, why);
}
