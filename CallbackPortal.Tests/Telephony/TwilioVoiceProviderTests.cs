using System.Text;
using CallbackPortal.Telephony;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Telephony;

public sealed class TwilioVoiceProviderTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000001";
    private static readonly Guid Attempt = Guid.Parse("4c9f1f0e-3a4b-4c55-9d7e-1f2a3b4c5d6e");
    private TwilioStandIn standIn = null!;
    private TelephonyTestHost host = null!;

    private ITelephonyProvider Provider => host.Services.GetRequiredService<ITelephonyProvider>();

    public async Task InitializeAsync()
    {
        standIn = await TwilioStandIn.StartAsync();
        host = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings(standIn.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await standIn.DisposeAsync();
    }

    private static OriginateRequest Request(bool machineDetection = true) =>
        new(Attempt, "attempt-key-1", "+447700900123", "+15005550006", machineDetection, 25);

    [Fact]
    public async Task PostsTheCallWithTheFieldsTwilioDocuments()
    {
        var result = await Provider.OriginateAsync(Request(), CancellationToken.None);

        Assert.Equal(OriginateResult.Ok("CA0001"), result);
        var sent = Assert.Single(standIn.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Calls.json", sent.Path);
        Assert.Equal("+447700900123", sent.Field("To"));
        Assert.Equal("+15005550006", sent.Field("From"));
        Assert.Equal($"{TelephonyTestHost.PublicBaseUrl}/telephony/twilio/instructions/{Attempt}", sent.Field("Url"));
        Assert.Equal("POST", sent.Field("Method"));
        Assert.Equal($"{TelephonyTestHost.PublicBaseUrl}/telephony/twilio/status/{Attempt}", sent.Field("StatusCallback"));
        Assert.Equal("POST", sent.Field("StatusCallbackMethod"));
        Assert.Equal(["initiated", "ringing", "answered", "completed"], sent.Fields("StatusCallbackEvent"));
        Assert.Equal("Enable", sent.Field("MachineDetection"));
        Assert.Equal("25", sent.Field("Timeout"));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{TelephonyTestHost.AuthToken}"));
        Assert.Equal($"Basic {basic}", sent.Headers.Authorization.ToString());
        Assert.Equal("attempt-key-1", sent.Headers["Idempotency-Key"].ToString());
    }

    [Fact]
    public async Task AsksForNoMachineDetectionUnlessTold()
    {
        await Provider.OriginateAsync(Request(machineDetection: false), CancellationToken.None);
        Assert.Null(Assert.Single(standIn.Requests).Field("MachineDetection"));
    }

    [Fact]
    public async Task ARefusalIsFinalAndCarriesTwiliosCodeAndMessage()
    {
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, 400,
            """{"code":21211,"message":"The 'To' number +447700900123 is not a valid phone number.","more_info":"https://example.test/21211","status":400}""");

        var result = await Provider.OriginateAsync(Request(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.False(result.Retryable);
        Assert.Null(result.ProviderCallId);
        Assert.Contains("21211", result.Error);
        Assert.Contains("is not a valid phone number", result.Error);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task ThrottlingAndServerErrorsMayBeRetried(int status)
    {
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, status, """{"code":20429,"message":"Too many requests","status":429}""");

        var result = await Provider.OriginateAsync(Request(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.True(result.Retryable);
        Assert.Contains($"HTTP {status}", result.Error);
    }

    [Fact]
    public async Task ATimeoutMayBeRetried()
    {
        standIn.Respond = (_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted);

        var result = await Provider.OriginateAsync(Request(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.True(result.Retryable);
        Assert.Contains("within 1 s", result.Error);
    }

    [Fact]
    public async Task AnUnreachableProviderMayBeRetried()
    {
        await using var unreachable = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings("http://127.0.0.1:1"));
        var provider = unreachable.Services.GetRequiredService<ITelephonyProvider>();

        var result = await provider.OriginateAsync(Request(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.True(result.Retryable);
    }

    [Fact]
    public async Task ReadsACallsStatus()
    {
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, 200,
            """{"sid":"CA0001","status":"completed","answered_by":"machine_end_beep","duration":"37"}""");

        var progress = await Provider.GetCallStatusAsync("CA0001", CancellationToken.None);

        Assert.Equal(new CallProgress(CallStage.Completed, AnsweredBy.Machine, 37, "completed (machine_end_beep)"), progress);
        var sent = Assert.Single(standIn.Requests);
        Assert.Equal(("GET", $"/2010-04-01/Accounts/{AccountSid}/Calls/CA0001.json"), (sent.Method, sent.Path));
    }

    [Fact]
    public async Task AnUnknownCallHasNoStatus()
    {
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, 404, """{"code":20404,"message":"Not found","status":404}""");
        Assert.Null(await Provider.GetCallStatusAsync("CA0404", CancellationToken.None));
        Assert.False(await Provider.HangUpAsync("CA0404", CancellationToken.None));
    }

    [Fact]
    public async Task HangsUpByCompletingTheCall()
    {
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, 200, """{"sid":"CA0001","status":"completed"}""");

        Assert.True(await Provider.HangUpAsync("CA0001", CancellationToken.None));

        var sent = Assert.Single(standIn.Requests);
        Assert.Equal(("POST", $"/2010-04-01/Accounts/{AccountSid}/Calls/CA0001.json"), (sent.Method, sent.Path));
        Assert.Equal("completed", sent.Field("Status"));
    }

    [Fact]
    public void IsNamedForItsUrls() => Assert.Equal("twilio", Provider.Name);

    [Fact]
    public void RetriesOnlyWhatMayPass()
    {
        Assert.True(TwilioVoiceProvider.IsRetryable((System.Net.HttpStatusCode)StatusCodes.Status502BadGateway));
        Assert.False(TwilioVoiceProvider.IsRetryable(System.Net.HttpStatusCode.Unauthorized));
        Assert.False(TwilioVoiceProvider.IsRetryable(System.Net.HttpStatusCode.NotFound));
    }
}
