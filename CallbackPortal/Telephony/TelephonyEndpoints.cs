using CallbackPortal.Telephony.Simulator;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Telephony;

/// <summary>
/// What the provider calls back: status callbacks, call instructions (TwiML) and the bridge's outcome. They are
/// anonymous because the <c>X-Twilio-Signature</c> is the authorization; nothing unsigned reaches the engine.
/// </summary>
public static class TelephonyEndpoints
{
    private const string Prefix = "/telephony/twilio";

    public static string StatusPath(string attemptId) => $"{Prefix}/status/{attemptId}";

    public static string InstructionsPath(string attemptId) => $"{Prefix}/instructions/{attemptId}";

    public static string DialResultPath(string attemptId) => $"{Prefix}/dial-result/{attemptId}";

    public static WebApplication MapTelephonyEndpoints(this WebApplication app)
    {
        var twilio = app.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        twilio.MapPost("/status/{attemptId:guid}", StatusAsync);
        twilio.MapMethods("/instructions/{attemptId:guid}", [HttpMethods.Get, HttpMethods.Post], InstructionsAsync);
        twilio.MapPost("/dial-result/{attemptId:guid}", DialResultAsync);
        if (app.Services.GetService<CarrierSimulator>() is not null)
        {
            app.MapCarrierSimulator();
        }
        return app;
    }

    private static async Task<IResult> StatusAsync(Guid attemptId, HttpContext context, CancellationToken ct)
    {
        var (webhook, problem) = await TwilioWebhook.ReadAsync(context, ct);
        if (webhook is null)
        {
            return problem!;
        }
        var sink = context.RequestServices.GetService<ICallProgressSink>();
        if (sink is null)
        {
            return TelephonyProblems.EngineUnavailable();
        }
        var callSid = webhook["CallSid"];
        var callStatus = webhook["CallStatus"];
        if (callSid is null || !TwilioCallStatus.IsKnownStatus(callStatus))
        {
            return TelephonyProblems.BadRequest("CallSid and a known CallStatus are required.");
        }
        if (!webhook.TryGetInt("CallDuration", out var duration))
        {
            return TelephonyProblems.BadRequest("CallDuration must be a whole number of seconds.");
        }
        var progress = TwilioCallStatus.ToProgress(callStatus, webhook["AnsweredBy"], duration)!;
        if (webhook["ErrorCode"] is { } errorCode)
        {
            progress = progress with { Detail = $"{progress.Detail}, error {errorCode}" };
        }
        var delivery = CallbackReplayFilter.Key("status", callSid, callStatus, webhook["SequenceNumber"] ?? webhook["Timestamp"]);
        return await DeliverOnceAsync(context, delivery, () => sink.OnProgressAsync(attemptId, callSid, progress, ct), Results.NoContent());
    }

    private static async Task<IResult> InstructionsAsync(Guid attemptId, HttpContext context, CancellationToken ct)
    {
        var (webhook, problem) = await TwilioWebhook.ReadAsync(context, ct);
        if (webhook is null)
        {
            return problem!;
        }
        var source = context.RequestServices.GetService<ICallInstructionSource>();
        if (source is null)
        {
            return TelephonyProblems.EngineUnavailable();
        }
        var instructions = await source.GetInstructionsAsync(attemptId, ct);
        if (instructions is null)
        {
            return Results.Bytes(TwimlDocument.Goodbye(), TwimlDocument.ContentType);
        }
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<TelephonyOptions>>().Value;
        var action = services.GetRequiredService<PublicAddress>().For(DialResultPath(attemptId.ToString()));
        return Results.Bytes(TwimlDocument.Connect(instructions, action, options.EffectiveCallerId, options.RingTimeoutSeconds), TwimlDocument.ContentType);
    }

    private static async Task<IResult> DialResultAsync(Guid attemptId, HttpContext context, CancellationToken ct)
    {
        var (webhook, problem) = await TwilioWebhook.ReadAsync(context, ct);
        if (webhook is null)
        {
            return problem!;
        }
        var sink = context.RequestServices.GetService<ICallProgressSink>();
        if (sink is null)
        {
            return TelephonyProblems.EngineUnavailable();
        }
        var dialStatus = webhook["DialCallStatus"];
        if (!TwilioCallStatus.IsKnownDialStatus(dialStatus))
        {
            return TelephonyProblems.BadRequest("A known DialCallStatus is required.");
        }
        if (!webhook.TryGetInt("DialCallDuration", out var duration))
        {
            return TelephonyProblems.BadRequest("DialCallDuration must be a whole number of seconds.");
        }
        var result = TwilioCallStatus.ToBridgeResult(dialStatus!, duration);
        var delivery = CallbackReplayFilter.Key("dial", attemptId.ToString(), webhook["CallSid"], webhook["DialCallSid"], dialStatus);
        var hangUp = Results.Bytes(TwimlDocument.HangUp(), TwimlDocument.ContentType);
        return await DeliverOnceAsync(context, delivery, () => sink.OnBridgeResultAsync(attemptId, result, ct), hangUp);
    }

    /// <summary>Hands a delivery to the engine unless it was already accepted; a failure lets the provider's retry through.</summary>
    private static async Task<IResult> DeliverOnceAsync(HttpContext context, string delivery, Func<Task> deliver, IResult answer)
    {
        var replays = context.RequestServices.GetRequiredService<CallbackReplayFilter>();
        if (!replays.TryAccept(delivery))
        {
            return answer;
        }
        try
        {
            await deliver();
        }
        catch
        {
            replays.Forget(delivery);
            throw;
        }
        return answer;
    }
}
