using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// The simulator's side of Twilio's Calls API, under <c>/telephony/simulator</c>: create a call, list the legs a call
/// dialed (<c>ParentCallSid</c>), fetch a call, hang it up.
/// It checks Basic auth with the generated credentials and answers in Twilio's JSON shapes and error codes.
/// </summary>
public static class CarrierSimulatorApi
{
    public const string Prefix = "/telephony/simulator";

    public static void MapCarrierSimulator(this WebApplication app)
    {
        var account = app.MapGroup(Prefix + "/2010-04-01/Accounts/{accountSid}")
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        account.MapPost("/Calls.json", CreateAsync);
        account.MapGet("/Calls.json", List);
        account.MapGet("/Calls/{callSid}.json", Fetch);
        account.MapPost("/Calls/{callSid}.json", UpdateAsync);
    }

    private static async Task<IResult> CreateAsync(string accountSid, HttpContext context, CarrierSimulator simulator, CarrierSimulatorCredentials credentials, TimeProvider time)
    {
        if (Refuse(context, accountSid, credentials) is { } refused)
        {
            return refused;
        }
        if (await ReadFormAsync(context) is not { } form)
        {
            return Error(400, 20001, "The body is not a readable form");
        }
        string? Field(string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
        var (to, from, url) = (Field("To"), Field("From"), Field("Url"));
        if (to is null)
        {
            return Error(400, 21201, "No 'To' number is specified");
        }
        if (from is null)
        {
            return Error(400, 21213, "No 'From' number is specified");
        }
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return Error(400, 21205, "Url parameter is required and must be an absolute URL");
        }
        var sid = "CA" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var header = context.Request.Headers[TwilioVoiceProvider.IdempotencyKeyHeader].ToString();
        var key = string.IsNullOrEmpty(header) ? sid : header;
        var (call, _) = simulator.Place(key, to, outcome => new SimulatedCall
        {
            Sid = sid,
            IdempotencyKey = key,
            To = to,
            From = from,
            Url = url,
            UrlMethod = Field("Method") ?? "POST",
            StatusCallback = Field("StatusCallback"),
            StatusCallbackMethod = Field("StatusCallbackMethod") ?? "POST",
            // Twilio reports only the final status unless more events are asked for.
            StatusCallbackEvents = new HashSet<string>(form["StatusCallbackEvent"].Count > 0 ? form["StatusCallbackEvent"]! : ["completed"], StringComparer.Ordinal),
            MachineDetection = Field("MachineDetection") is "Enable" or "DetectMessageEnd",
            Outcome = outcome,
            Created = time.GetUtcNow(),
        });
        if (call is null)
        {
            return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
        }
        return Results.Json(call.ToResource(accountSid), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Fetch(string accountSid, string callSid, HttpContext context, CarrierSimulator simulator, CarrierSimulatorCredentials credentials)
    {
        if (Refuse(context, accountSid, credentials) is { } refused)
        {
            return refused;
        }
        var call = simulator.Ledger.FindCall(callSid);
        return call is null ? NotFound(accountSid, callSid) : Results.Json(call.ToResource(accountSid));
    }

    /// <summary>
    /// Twilio's "read multiple calls", for what the app asks: the child calls of one call (<c>ParentCallSid</c>). Without
    /// that filter the list is the calls placed through the API, newest first, filtered by <c>To</c> and <c>Status</c>.
    /// </summary>
    private static IResult List(string accountSid, HttpContext context, CarrierSimulator simulator, CarrierSimulatorCredentials credentials)
    {
        if (Refuse(context, accountSid, credentials) is { } refused)
        {
            return refused;
        }
        var query = context.Request.Query;
        var pageSize = int.TryParse(query["PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 1000 ? size : 50;
        List<Dictionary<string, object?>> calls;
        if (query["ParentCallSid"].ToString() is { Length: > 0 } parent)
        {
            calls = simulator.Ledger.FindCall(parent)?.Leg is { } leg ? [leg.ToResource(accountSid)] : [];
        }
        else
        {
            var (to, status) = (query["To"].ToString(), query["Status"].ToString());
            calls = [.. simulator.Ledger.Calls.Reverse()
                .Where(c => (to.Length == 0 || c.To == to) && (status.Length == 0 || c.Status == status))
                .Take(pageSize)
                .Select(c => simulator.Ledger.FindCall(c.Sid)!.ToResource(accountSid))];
        }
        var uri = $"/2010-04-01/Accounts/{accountSid}/Calls.json{context.Request.QueryString}";
        return Results.Json(new Dictionary<string, object?>
        {
            ["calls"] = calls,
            ["page"] = 0,
            ["page_size"] = pageSize,
            ["first_page_uri"] = uri,
            ["next_page_uri"] = null,
            ["previous_page_uri"] = null,
            ["uri"] = uri,
            ["start"] = 0,
            ["end"] = Math.Max(calls.Count - 1, 0),
        });
    }

    private static async Task<IResult> UpdateAsync(string accountSid, string callSid, HttpContext context, CarrierSimulator simulator, CarrierSimulatorCredentials credentials)
    {
        if (Refuse(context, accountSid, credentials) is { } refused)
        {
            return refused;
        }
        var call = simulator.Ledger.FindCall(callSid);
        if (call is null)
        {
            return NotFound(accountSid, callSid);
        }
        var form = await ReadFormAsync(context);
        if (form?["Status"].ToString() is not ("completed" or "canceled"))
        {
            return Error(400, 21218, "Status must be completed or canceled");
        }
        call.RequestHangUp();
        return Results.Json(call.ToResource(accountSid));
    }

    /// <summary>Null when the Basic credentials are the simulator's own and name the account in the path.</summary>
    private static IResult? Refuse(HttpContext context, string accountSid, CarrierSimulatorCredentials credentials)
    {
        var expected = Encoding.UTF8.GetBytes($"{credentials.AccountSid}:{credentials.AuthToken}");
        var given = AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            ? Decode(header.Parameter) : [];
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return Error(401, 20003, "Authenticate");
        }
        return accountSid == credentials.AccountSid ? null : Error(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid} was not found");
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return FormCollection.Empty;
        }
        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static byte[] Decode(string? base64)
    {
        try
        {
            return Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static IResult NotFound(string accountSid, string callSid) =>
        Error(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Calls/{callSid}.json was not found");

    private static IResult Error(int status, int code, string message) => Results.Json(new Dictionary<string, object>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = "https://www.twilio.com/docs/errors/" + code.ToString(CultureInfo.InvariantCulture),
        ["status"] = status,
    }, statusCode: status);
}
