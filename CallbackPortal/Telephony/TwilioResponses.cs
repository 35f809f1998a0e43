using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallbackPortal.Telephony;

/// <summary>The parts of Twilio's JSON answers the adapter reads: a call resource, or an error.</summary>
public static class TwilioResponses
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Twilio sends a call's duration as a string ("20").
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static async Task<TwilioCall?> ReadCallAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<TwilioCall>(Json, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The calls of a list answer (<c>{"calls": [...]}</c>); null when the body is not one.</summary>
    public static async Task<IReadOnlyList<TwilioCall>?> ReadCallListAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<TwilioCallList>(Json, ct))?.Calls;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"Twilio error 21211: The 'To' number is not a valid phone number (HTTP 400)", or just the HTTP status when the body says nothing.</summary>
    public static async Task<string> DescribeErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = $"HTTP {(int)response.StatusCode}";
        TwilioError? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<TwilioError>(Json, ct);
        }
        catch (JsonException)
        {
        }
        catch (NotSupportedException)
        {
            // Not JSON at all (a proxy's HTML page, for example).
        }
        return error switch
        {
            { Code: { } code, Message: { Length: > 0 } message } => $"Twilio error {code}: {message} ({status})",
            { Message: { Length: > 0 } message } => $"{message} ({status})",
            _ => status,
        };
    }
}

/// <summary>A Call resource as Twilio returns it (only what the adapter needs).</summary>
public sealed record TwilioCall(string? Sid, string? Status, string? AnsweredBy, int? Duration, string? ParentCallSid = null);

/// <summary>A page of Call resources (Twilio's list answer).</summary>
public sealed record TwilioCallList(IReadOnlyList<TwilioCall>? Calls);

/// <summary>Twilio's error body: <c>{"code": 21211, "message": "...", "more_info": "...", "status": 400}</c>.</summary>
public sealed record TwilioError(int? Code, string? Message, string? MoreInfo, int? Status);
