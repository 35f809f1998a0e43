using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// The simulator calling the app back the way Twilio does: form-encoded requests with Twilio's parameter names,
/// each signed with <c>X-Twilio-Signature</c> using the simulator's token, so the app's real verification runs.
/// </summary>
internal sealed class SimulatorWebhooks(IHttpClientFactory httpClients, CarrierSimulatorCredentials credentials, TimeProvider time, ILogger<SimulatorWebhooks> logger)
{
    public const string HttpClientName = "carrier-simulator";

    /// <summary>Posts a status callback if the call asked for this event (the final status is always sent).</summary>
    public async Task ReportStatusAsync(SimulatedCall call, string callStatus, string statusEvent, int? callDuration, CancellationToken ct)
    {
        if (call.StatusCallback is null || (statusEvent != "completed" && !call.StatusCallbackEvents.Contains(statusEvent)))
        {
            return;
        }
        var fields = CallFields(call, callStatus);
        fields.Add(new("CallbackSource", "call-progress-events"));
        fields.Add(new("SequenceNumber", call.NextSequenceNumber().ToString(CultureInfo.InvariantCulture)));
        fields.Add(new("Timestamp", time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)));
        if (callDuration is { } seconds)
        {
            fields.Add(new("CallDuration", seconds.ToString(CultureInfo.InvariantCulture)));
        }
        await SendAsync(call.StatusCallbackMethod, call.StatusCallback, fields, ct);
    }

    /// <summary>Asks the app what to do with the answered call; null when it gave no usable answer.</summary>
    public Task<string?> FetchInstructionsAsync(SimulatedCall call, CancellationToken ct) =>
        SendAsync(call.UrlMethod, call.Url, CallFields(call, "in-progress"), ct);

    /// <summary>Tells the app how the &lt;Dial&gt; ended (its <c>action</c> request).</summary>
    public Task<string?> ReportDialResultAsync(SimulatedCall call, TwimlDial dial, string legSid, string dialStatus, int dialDuration, CancellationToken ct)
    {
        var fields = CallFields(call, "in-progress");
        fields.Add(new("DialCallSid", legSid));
        fields.Add(new("DialCallStatus", dialStatus));
        fields.Add(new("DialCallDuration", dialDuration.ToString(CultureInfo.InvariantCulture)));
        var action = new Uri(new Uri(call.Url), dial.Action!).AbsoluteUri;
        return SendAsync(dial.Method, action, fields, ct);
    }

    private List<KeyValuePair<string, string>> CallFields(SimulatedCall call, string callStatus)
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("AccountSid", credentials.AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", call.Sid),
            new("CallStatus", callStatus),
            new("Direction", "outbound-api"),
            new("From", call.From),
            new("To", call.To),
            new("Caller", call.From),
            new("Called", call.To),
        ];
        if (call.AnsweredBy is { } answeredBy)
        {
            fields.Add(new("AnsweredBy", answeredBy));
        }
        return fields;
    }

    /// <summary>The response body on success; null (and a warning) when the app did not accept the request.</summary>
    private async Task<string?> SendAsync(string method, string url, List<KeyValuePair<string, string>> fields, CancellationToken ct)
    {
        HttpRequestMessage request;
        if (HttpMethods.IsGet(method))
        {
            // A GET carries its parameters in the query string, and the signature covers that whole URL.
            var withQuery = QueryHelpers.AddQueryString(url, fields!);
            request = new HttpRequestMessage(HttpMethod.Get, withQuery);
            request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(credentials.AuthToken, withQuery, []));
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(credentials.AuthToken, url, fields));
        }
        using var disposeRequest = request;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsStringAsync(ct);
            }
            logger.LogWarning("Simulated carrier: {Method} {Url} answered {Status}", request.Method, url, (int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Simulated carrier: {Method} {Url} failed: {Error}", request.Method, url, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // The app did not answer within the request timeout: like a refused request, the call goes on without it
            // (a carrier does not leave a call open for ever because its webhook timed out).
            logger.LogWarning("Simulated carrier: {Method} {Url} timed out", request.Method, url);
        }
        return null;
    }
}
