using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Telephony;

/// <summary>
/// Places and controls calls through Twilio's Programmable Voice REST API (or any carrier, or the built-in simulator,
/// that speaks it). The provider reports progress to <c>/telephony/twilio/status/{attemptId}</c> and asks what to do at
/// <c>/telephony/twilio/instructions/{attemptId}</c> (see <see cref="TelephonyEndpoints"/>).
/// </summary>
public sealed class TwilioVoiceProvider(
    HttpClient http, TwilioAccount account, PublicAddress publicAddress, IOptions<TelephonyOptions> options, ILogger<TwilioVoiceProvider> logger)
    : ITelephonyProvider
{
    public const string ProviderName = "twilio";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private static readonly string[] StatusEvents = ["initiated", "ringing", "answered", "completed"];

    public string Name => ProviderName;

    public async Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken ct)
    {
        using var message = NewRequest(HttpMethod.Post, CallsUrl(), OriginateForm(request));
        message.Headers.Add(IdempotencyKeyHeader, request.IdempotencyKey);
        try
        {
            using var response = await http.SendAsync(message, ct);
            if (response.IsSuccessStatusCode)
            {
                var call = await TwilioResponses.ReadCallAsync(response, ct);
                if (!string.IsNullOrEmpty(call?.Sid))
                {
                    logger.LogInformation("Call {CallSid} placed for attempt {AttemptId}", call.Sid, request.AttemptId);
                    return OriginateResult.Ok(call.Sid);
                }
                // The call may exist: retrying with the same idempotency key finds it instead of placing another.
                return Failed(request, $"HTTP {(int)response.StatusCode} without a call sid", retryable: true);
            }
            var error = await TwilioResponses.DescribeErrorAsync(response, ct);
            return Failed(request, error, IsRetryable(response.StatusCode));
        }
        catch (HttpRequestException e)
        {
            return Failed(request, $"connection failed: {e.Message}", retryable: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(request, $"no answer from the provider within {options.Value.RequestTimeoutSeconds} s", retryable: true);
        }
    }

    public async Task<CallProgress?> GetCallStatusAsync(string providerCallId, CancellationToken ct)
    {
        using var message = NewRequest(HttpMethod.Get, CallUrl(providerCallId), content: null);
        using var response = await http.SendAsync(message, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, ct);
        var call = await TwilioResponses.ReadCallAsync(response, ct);
        return TwilioCallStatus.ToProgress(call?.Status, call?.AnsweredBy, call?.Duration);
    }

    /// <summary>Lists the calls whose parent is this one (the &lt;Dial&gt; leg to the agent or the consumer).</summary>
    public async Task<BridgedLeg?> FindBridgedLegAsync(string providerCallId, CancellationToken ct)
    {
        var url = $"{CallsUrl()}?ParentCallSid={Uri.EscapeDataString(providerCallId)}";
        using var message = NewRequest(HttpMethod.Get, url, content: null);
        using var response = await http.SendAsync(message, ct);
        await EnsureSuccessAsync(response, ct);
        if (await TwilioResponses.ReadCallListAsync(response, ct) is not { } legs)
        {
            return null;
        }
        if (legs.Count == 0)
        {
            return BridgedLeg.None;
        }
        // A leg that was answered (in progress or completed) connected the two; otherwise the last one tried says how it went.
        var connected = legs.FirstOrDefault(l => l.Status is "completed" or "in-progress");
        var leg = connected ?? legs[^1];
        return new BridgedLeg(true, connected is not null, leg.Duration, $"child call {leg.Status}");
    }

    public async Task<bool> HangUpAsync(string providerCallId, CancellationToken ct)
    {
        var form = new FormUrlEncodedContent([new("Status", "completed")]);
        using var message = NewRequest(HttpMethod.Post, CallUrl(providerCallId), form);
        using var response = await http.SendAsync(message, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, ct);
        return true;
    }

    /// <summary>Throttling, the provider's own failures and timeouts may pass; any other refusal will not.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;

    private FormUrlEncodedContent OriginateForm(OriginateRequest request)
    {
        var settings = options.Value;
        var attempt = request.AttemptId.ToString();
        var from = string.IsNullOrWhiteSpace(request.From) ? settings.EffectiveCallerId : request.From;
        var timeout = request.RingTimeoutSeconds > 0 ? request.RingTimeoutSeconds : settings.RingTimeoutSeconds;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("To", request.To),
            new("From", from),
            new("Url", publicAddress.For(TelephonyEndpoints.InstructionsPath(attempt))),
            new("Method", "POST"),
            new("StatusCallback", publicAddress.For(TelephonyEndpoints.StatusPath(attempt))),
            new("StatusCallbackMethod", "POST"),
        };
        fields.AddRange(StatusEvents.Select(e => new KeyValuePair<string, string>("StatusCallbackEvent", e)));
        if (request.MachineDetection)
        {
            fields.Add(new("MachineDetection", "Enable"));
        }
        fields.Add(new("Timeout", timeout.ToString(CultureInfo.InvariantCulture)));
        return new FormUrlEncodedContent(fields);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string url, HttpContent? content)
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.AccountSid}:{account.AuthToken}"));
        var message = new HttpRequestMessage(method, url) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return message;
    }

    private string CallsUrl() => $"{account.ApiBaseUrl}/2010-04-01/Accounts/{Uri.EscapeDataString(account.AccountSid)}/Calls.json";

    private string CallUrl(string callSid) =>
        $"{account.ApiBaseUrl}/2010-04-01/Accounts/{Uri.EscapeDataString(account.AccountSid)}/Calls/{Uri.EscapeDataString(callSid)}.json";

    private OriginateResult Failed(OriginateRequest request, string error, bool retryable)
    {
        logger.LogWarning("Call for attempt {AttemptId} not placed ({Retryable}): {Error}",
            request.AttemptId, retryable ? "retryable" : "final", error);
        return OriginateResult.Failed(error, retryable);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(await TwilioResponses.DescribeErrorAsync(response, ct), null, response.StatusCode);
        }
    }
}
