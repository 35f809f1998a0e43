using System.Net;
using System.Xml.Linq;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Telephony;

public sealed class TwimlInstructionsTests : IAsyncLifetime
{
    private static readonly Guid Attempt = Guid.Parse("7d2b9e44-1c3a-4f7e-b0d2-9a8c7e6f5d4c");
    private readonly RecordingEngine engine = new();
    private TelephonyTestHost host = null!;

    private static string Path => $"/telephony/twilio/instructions/{Attempt}";

    public async Task InitializeAsync() =>
        host = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings(), s => s.AddRecordingEngine(engine));

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<XElement> FetchAsync()
    {
        using var response = await host.PostSignedAsync(Path, [new("CallSid", "CA1111"), new("CallStatus", "in-progress"), new("AnsweredBy", "human")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", body, StringComparison.OrdinalIgnoreCase);
        return XDocument.Parse(body).Root!;
    }

    [Fact]
    public async Task GreetsThenDialsTheOtherPartyWithEverythingEscaped()
    {
        engine.Instructions = _ => new CallInstructions("Tom & Jerry's <support> \"line\"", "+15550001111</Number><Hangup/>", "+15550002222", "en-GB");

        var twiml = await FetchAsync();

        var raw = twiml.ToString(SaveOptions.DisableFormatting);
        Assert.Contains("Tom &amp; Jerry's &lt;support&gt; \"line\"", raw);
        Assert.DoesNotContain("<Hangup", raw);
        Assert.Equal("Tom & Jerry's <support> \"line\"", twiml.Element("Say")!.Value);
        Assert.Equal("en-GB", (string?)twiml.Element("Say")!.Attribute("language"));
        var dial = twiml.Element("Dial")!;
        Assert.Equal($"{TelephonyTestHost.PublicBaseUrl}/telephony/twilio/dial-result/{Attempt}", (string?)dial.Attribute("action"));
        Assert.Equal("+15550002222", (string?)dial.Attribute("callerId"));
        Assert.Equal("+15550001111</Number><Hangup/>", dial.Element("Number")!.Value);
    }

    [Fact]
    public async Task DialsASipAddressWithSip()
    {
        engine.Instructions = _ => new CallInstructions("Connecting you now.", "sip:agent-7@pbx.example.com", null, "en-US");

        var dial = (await FetchAsync()).Element("Dial")!;

        Assert.Equal("sip:agent-7@pbx.example.com", dial.Element("Sip")!.Value);
        Assert.Null(dial.Element("Number"));
        Assert.Equal("+15005550006", (string?)dial.Attribute("callerId"));
    }

    [Fact]
    public async Task AnAttemptNoLongerWantedIsHungUpPolitely()
    {
        engine.Instructions = _ => null;

        var twiml = await FetchAsync();

        Assert.Equal(["Say", "Hangup"], twiml.Elements().Select(e => e.Name.LocalName));
        Assert.False(string.IsNullOrWhiteSpace(twiml.Element("Say")!.Value));
    }

    [Fact]
    public async Task AnswersASignedGetWhoseParametersAreInTheQuery()
    {
        var pathAndQuery = $"{Path}?CallSid=CA1111&CallStatus=in-progress&To=%2B15550003333";
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(TelephonyTestHost.AuthToken, TelephonyTestHost.PublicBaseUrl + pathAndQuery, []));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Dial"));
    }

    [Fact]
    public async Task AnUnsignedRequestGetsNoInstructions()
    {
        using var response = await host.PostSignedAsync(Path, [new("CallSid", "CA1111")], sign: false);
        await TelephonyEndpointsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid-signature");
    }
}
