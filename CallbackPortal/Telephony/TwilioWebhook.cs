using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace CallbackPortal.Telephony;

/// <summary>
/// A request from the provider whose <c>X-Twilio-Signature</c> checked out. The signed URL is rebuilt from the
/// configured public base URL (not from the Host header), so verification works the same behind a proxy.
/// </summary>
public sealed class TwilioWebhook
{
    private readonly Dictionary<string, string> fields;

    private TwilioWebhook(Dictionary<string, string> fields) => this.fields = fields;

    public string? this[string name] => fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Reads and verifies the request; on failure <paramref name="problem"/> is the answer to send.</summary>
    public static async Task<(TwilioWebhook? Webhook, IResult? Problem)> ReadAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        List<KeyValuePair<string, string>> signed = [];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return (null, TelephonyProblems.BadRequest("The body is not a readable form."));
            }
            Collect(form, signed, fields);
        }
        else
        {
            // Twilio puts a GET request's parameters in the query string, which is part of the signed URL.
            Collect(request.Query, signed: null, fields);
        }

        var services = context.RequestServices;
        var url = services.GetRequiredService<PublicAddress>().For(request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        var token = services.GetRequiredService<TwilioAccount>().AuthToken;
        if (!TwilioSignature.IsValid(token, url, signed, request.Headers[TwilioSignature.HeaderName].ToString()))
        {
            services.GetRequiredService<ILogger<TwilioWebhook>>()
                .LogWarning("Rejected a telephony webhook with a missing or wrong signature: {Method} {Url}", request.Method, request.GetEncodedPathAndQuery());
            return (null, TelephonyProblems.InvalidSignature());
        }
        return (new TwilioWebhook(fields), null);
    }

    /// <summary>An optional whole number; false when present but not one.</summary>
    public bool TryGetInt(string name, out int? value)
    {
        value = null;
        var text = this[name];
        if (text is null)
        {
            return true;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }
        return false;
    }

    private static void Collect(IEnumerable<KeyValuePair<string, StringValues>> source, List<KeyValuePair<string, string>>? signed, Dictionary<string, string> fields)
    {
        foreach (var (name, values) in source)
        {
            foreach (var value in values)
            {
                signed?.Add(new(name, value ?? ""));
            }
            fields[name] = values.ToString();
        }
    }
}

/// <summary>The telephony endpoints' error answers: ProblemDetails with a stable <c>code</c>.</summary>
public static class TelephonyProblems
{
    public static IResult InvalidSignature() =>
        Problem(StatusCodes.Status403Forbidden, "invalid-signature", "Signature missing or wrong", "The X-Twilio-Signature header does not match this request.");

    public static IResult EngineUnavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "engine-unavailable", "Engine unavailable", "No callback engine is running to take this call event.");

    public static IResult BadRequest(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "invalid-request", "Invalid telephony request", detail);

    private static IResult Problem(int status, string code, string title, string detail) =>
        Results.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
