using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using CallbackPortal.Push;
using CallbackPortal.Tests.Integration;
using CallbackPortal.Tests.Telephony;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Push;

public sealed class FcmSenderTests : IAsyncLifetime, IDisposable
{
    private const string DeviceToken = "fMEGSb1p3Q0:APA91bH-device-token";
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly ConcurrentQueue<(string Authorization, JsonNode Body)> messages = new();
    private int tokensIssued;
    private TwilioStandIn google = null!;
    private PushTestAccount account = null!;

    /// <summary>How the messages endpoint answers a send made with the given bearer token.</summary>
    private Func<string, (int Status, string Body)> answer = _ => (200, """{"name":"projects/shop-app-1234/messages/0:1500415314455276%31bd1c9631bd1c96"}""");

    private FcmCredentials Credentials => FcmCredentials.Parse(account.Json).Credentials!;

    public async Task InitializeAsync()
    {
        google = await TwilioStandIn.StartAsync();
        account = new PushTestAccount(google.BaseUrl + "/token");
        google.Respond = async (request, context) =>
        {
            if (request.Path == "/token")
            {
                var issued = Interlocked.Increment(ref tokensIssued);
                await TwilioStandIn.Json(context, 200, $$"""{"access_token":"ya29.token-{{issued}}","expires_in":3600,"token_type":"Bearer"}""");
                return;
            }
            var authorization = request.Headers.Authorization.ToString();
            messages.Enqueue((authorization, (await JsonNode.ParseAsync(context.Request.Body))!));
            var (status, body) = answer(authorization);
            await TwilioStandIn.Json(context, status, body);
        };
    }

    public async Task DisposeAsync() => await google.DisposeAsync();

    public void Dispose() => account.Dispose();

    [Fact]
    public async Task SendsTheV1MessageWithABearerTokenFromTheServiceAccount()
    {
        var message = new PushMessage("Callback confirmed", "We call you back at 14:30.", new Dictionary<string, string> { ["callbackId"] = "c-7" }, "callback-c-7");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, message, CancellationToken.None);

        Assert.Equal(PushOutcome.Delivered, delivery.Outcome);
        Assert.Equal(200, delivery.ProviderStatus);
        var tokenRequest = google.Requests.First(r => r.Path == "/token");
        Assert.True(PushKeysTests.IsSignedBy(account.Key, tokenRequest.Field("assertion")));
        Assert.Equal("/v1/projects/shop-app-1234/messages:send", google.Requests[^1].Path);
        var (authorization, body) = Assert.Single(messages);
        Assert.Equal("Bearer ya29.token-1", authorization);
        Assert.Equal(DeviceToken, body["message"]!["token"]!.GetValue<string>());
        Assert.Equal("Callback confirmed", body["message"]!["notification"]!["title"]!.GetValue<string>());
        Assert.Equal("We call you back at 14:30.", body["message"]!["notification"]!["body"]!.GetValue<string>());
        Assert.Equal("c-7", body["message"]!["data"]!["callbackId"]!.GetValue<string>());
        Assert.Equal("callback-c-7", body["message"]!["android"]!["notification"]!["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAccessTokenIsReusedUntilShortlyBeforeItExpires()
    {
        var sender = Sender();

        await sender.SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(50));
        await sender.SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);
        Assert.Equal(1, tokensIssued);

        clock.Advance(FcmSender.RefreshMargin);
        await sender.SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(2, tokensIssued);
        Assert.Equal(["Bearer ya29.token-1", "Bearer ya29.token-1", "Bearer ya29.token-2"], messages.Select(m => m.Authorization));
    }

    [Fact]
    public async Task AnUnregisteredTokenIsGone()
    {
        answer = _ => (404, """{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}""");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(PushOutcome.Gone, delivery.Outcome);
        Assert.Equal(404, delivery.ProviderStatus);
        Assert.Contains("UNREGISTERED", delivery.ProviderAnswer);
    }

    [Theory]
    [InlineData("The registration token is not a valid FCM registration token", "message.token", PushOutcome.Gone)]
    [InlineData("Invalid value at 'message.data[0].value'", "message.data[0].value", PushOutcome.Failed)]
    public async Task AnInvalidArgumentIsGoneOnlyWhenItIsAboutTheToken(string words, string field, PushOutcome expected)
    {
        answer = _ => (400, $$$"""{"error":{"code":400,"message":"{{{words}}}","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"{{{field}}}","description":"x"}]}]}}""");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(expected, delivery.Outcome);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task ABusyFcmIsRetriedLater(int status)
    {
        answer = _ => (status, """{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}""");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(PushOutcome.RetryLater, delivery.Outcome);
        Assert.Equal(status, delivery.ProviderStatus);
    }

    [Fact]
    public async Task ARefusedTokenIsRefreshedOnceAndTheMessageSent()
    {
        answer = authorization => authorization == "Bearer ya29.token-1" ? (401, """{"error":{"code":401,"status":"UNAUTHENTICATED"}}""") : (200, "{}");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(PushOutcome.Delivered, delivery.Outcome);
        Assert.Equal(2, tokensIssued);
        Assert.Equal(["Bearer ya29.token-1", "Bearer ya29.token-2"], messages.Select(m => m.Authorization));
    }

    [Fact]
    public async Task ATokenRefusedTwiceFailsWithoutAThirdTry()
    {
        answer = _ => (401, """{"error":{"code":401,"status":"UNAUTHENTICATED"}}""");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(PushOutcome.Failed, delivery.Outcome);
        Assert.Equal(401, delivery.ProviderStatus);
        Assert.Equal(2, tokensIssued);
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task AnAccountTheTokenServiceRefusesSendsNothing()
    {
        google.Respond = (_, context) => TwilioStandIn.Json(context, 400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");

        var delivery = await Sender().SendAsync(Credentials, DeviceToken, new PushMessage("a", "b"), CancellationToken.None);

        Assert.Equal(PushOutcome.Failed, delivery.Outcome);
        Assert.Contains("invalid_grant", delivery.ProviderAnswer);
        Assert.DoesNotContain(google.Requests, r => r.Path.Contains("messages:send", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://fcm.googleapis.com", true)]
    [InlineData("http://127.0.0.1:5123", true)]
    [InlineData("http://fcm.googleapis.com", false)]
    [InlineData("fcm.googleapis.com", false)]
    public void TheFcmBaseUrlMustBeHttps(string url, bool valid)
    {
        var options = new PushOptions { FcmBaseUrl = url };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    private FcmSender Sender()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(FcmTokenClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddHttpClient(FcmSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        var factory = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new FcmSender(factory, new FcmTokenClient(factory, clock), Options.Create(new PushOptions { FcmBaseUrl = google.BaseUrl }), clock);
    }
}
