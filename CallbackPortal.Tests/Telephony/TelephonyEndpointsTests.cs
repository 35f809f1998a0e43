using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Telephony;

public sealed class TelephonyEndpointsTests : IAsyncLifetime
{
    private static readonly Guid Attempt = Guid.Parse("0e7c1a52-95d4-4c0c-8a57-5f4f1e2d3c4b");
    private readonly RecordingEngine engine = new();
    private TelephonyTestHost host = null!;

    private static string StatusPath => $"/telephony/twilio/status/{Attempt}";

    public async Task InitializeAsync() =>
        host = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings(), s => s.AddRecordingEngine(engine));

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static List<KeyValuePair<string, string>> Status(string callStatus, string sequence = "0", params (string, string)[] extra) =>
    [
        new("AccountSid", "AC00000000000000000000000000000001"),
        new("CallSid", "CA1111"),
        new("CallStatus", callStatus),
        new("SequenceNumber", sequence),
        .. extra.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)),
    ];

    [Fact]
    public async Task ASignedStatusReachesTheEngineOnce()
    {
        using var response = await host.PostSignedAsync(StatusPath, Status("completed", "3", ("AnsweredBy", "human"), ("CallDuration", "42")));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var received = Assert.Single(engine.Progress);
        Assert.Equal(Attempt, received.AttemptId);
        Assert.Equal("CA1111", received.CallSid);
        Assert.Equal(new CallProgress(CallStage.Completed, AnsweredBy.Person, 42, "completed (human)"), received.Progress);
    }

    [Fact]
    public async Task ATamperedParameterIsForbiddenAndNeverReachesTheEngine()
    {
        var signature = TwilioSignature.Compute(TelephonyTestHost.AuthToken, TelephonyTestHost.PublicBaseUrl + StatusPath, Status("busy"));

        using var response = await host.PostSignedAsync(StatusPath, Status("completed"), signature);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid-signature");
        Assert.Empty(engine.Events);
    }

    [Theory]
    [InlineData("http://127.0.0.1/telephony/twilio/status/0e7c1a52-95d4-4c0c-8a57-5f4f1e2d3c4b")]
    [InlineData("https://portal.example.com/telephony/twilio/status/11111111-1111-1111-1111-111111111111")]
    [InlineData("https://evil.example.com/telephony/twilio/status/0e7c1a52-95d4-4c0c-8a57-5f4f1e2d3c4b")]
    public async Task ASignatureForAnotherUrlIsForbidden(string signedUrl)
    {
        var fields = Status("completed");
        using var response = await host.PostSignedAsync(StatusPath, fields, TwilioSignature.Compute(TelephonyTestHost.AuthToken, signedUrl, fields));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid-signature");
        Assert.Empty(engine.Events);
    }

    [Fact]
    public async Task AMissingSignatureIsForbidden()
    {
        using var response = await host.PostSignedAsync(StatusPath, Status("completed"), sign: false);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid-signature");
        Assert.Empty(engine.Events);
    }

    [Fact]
    public async Task ASignatureMadeWithAnotherTokenIsForbidden()
    {
        var fields = Status("completed");
        var forged = TwilioSignature.Compute("another-token", TelephonyTestHost.PublicBaseUrl + StatusPath, fields);

        using var response = await host.PostSignedAsync(StatusPath, fields, forged);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid-signature");
    }

    [Fact]
    public async Task ARepeatedDeliveryIsAcknowledgedButNotPassedOnAgain()
    {
        using var first = await host.PostSignedAsync(StatusPath, Status("ringing", "1"));
        using var again = await host.PostSignedAsync(StatusPath, Status("ringing", "1"));
        using var next = await host.PostSignedAsync(StatusPath, Status("in-progress", "2", ("AnsweredBy", "human")));

        Assert.All([first, again, next], r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal([CallStage.Ringing, CallStage.Answered], engine.Progress.Select(p => p.Progress.Stage));
    }

    [Theory]
    [InlineData("CallStatus", "exploded")]
    [InlineData("CallStatus", "")]
    [InlineData("CallSid", "")]
    [InlineData("CallDuration", "forty")]
    public async Task SignedGarbageIsABadRequest(string field, string value)
    {
        var fields = Status("completed").Where(f => f.Key != field).Append(new(field, value)).ToList();

        using var response = await host.PostSignedAsync(StatusPath, fields);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Empty(engine.Events);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=nothing-follows", "garbage without any boundary")]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"CallSid\"\r\n\r\nCA1")]
    public async Task AnUnreadableBodyIsABadRequest(string contentType, string body)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await host.Client.PostAsync(StatusPath, content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Empty(engine.Events);
    }

    [Fact]
    public async Task AnAttemptIdThatIsNoGuidMatchesNothing()
    {
        using var response = await host.PostSignedAsync("/telephony/twilio/status/not-a-guid", Status("completed"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ABridgeResultReachesTheEngineAndTheCallIsHungUp()
    {
        var path = $"/telephony/twilio/dial-result/{Attempt}";
        List<KeyValuePair<string, string>> fields = [new("CallSid", "CA1111"), new("DialCallSid", "CA2222"), new("DialCallStatus", "completed"), new("DialCallDuration", "75")];

        using var response = await host.PostSignedAsync(path, fields);
        using var replay = await host.PostSignedAsync(path, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response><Hangup /></Response>", Twiml(await response.Content.ReadAsStringAsync()));
        Assert.Equal(new BridgeResult(true, 75, "DialCallStatus=completed"), Assert.Single(engine.Bridges).Result);
    }

    [Fact]
    public async Task ABridgeResultWithoutAKnownDialStatusIsABadRequest()
    {
        using var response = await host.PostSignedAsync($"/telephony/twilio/dial-result/{Attempt}", [new("CallSid", "CA1111"), new("DialCallStatus", "maybe")]);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task WithoutAnEngineTheEndpointsAreUnavailable()
    {
        await using var bare = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings());

        using var status = await bare.PostSignedAsync(StatusPath, Status("completed"));
        using var instructions = await bare.PostSignedAsync($"/telephony/twilio/instructions/{Attempt}", Status("in-progress"));

        await AssertProblemAsync(status, HttpStatusCode.ServiceUnavailable, "engine-unavailable");
        await AssertProblemAsync(instructions, HttpStatusCode.ServiceUnavailable, "engine-unavailable");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    /// <summary>The TwiML without its XML declaration, for exact comparison.</summary>
    internal static string Twiml(string body) => System.Xml.Linq.XDocument.Parse(body).Root!.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
}
