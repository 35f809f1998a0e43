using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CallbackPortal.Push;
using CallbackPortal.Tests.Telephony;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Push;

public sealed class WebPushSenderTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private const string Subject = "mailto:push@shop.example";
    private readonly ECDiffieHellman subscriberKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] authSecret = RandomNumberGenerator.GetBytes(16);
    private readonly VapidKeyPair vapidPair = VapidKeys.Generate();
    private readonly ConcurrentQueue<byte[]> bodies = new();
    private TwilioStandIn pushService = null!;

    private VapidIdentity Vapid => new(vapidPair.PublicKey, vapidPair.PrivateKeyPkcs8, Subject);

    private WebPushSubscription Subscription => new(
        pushService.BaseUrl + "/wpush/v2/gAAAAABk-subscription",
        Base64Url.EncodeToString(WebPushEncryption.Point(subscriberKey)),
        Base64Url.EncodeToString(authSecret));

    public async Task InitializeAsync()
    {
        pushService = await TwilioStandIn.StartAsync();
        Answer(201, "");
    }

    public async Task DisposeAsync() => await pushService.DisposeAsync();

    public void Dispose() => subscriberKey.Dispose();

    [Fact]
    public async Task APushServiceDecryptsTheExactPayloadAndAcceptsTheVapidToken()
    {
        var message = new PushMessage("Your call is coming", "An agent calls you in about 2 minutes.", new Dictionary<string, string> { ["callbackId"] = "c-42" }, "callback-c-42");

        var delivery = await Sender().SendAsync(Subscription, Vapid, message, TimeSpan.FromHours(1), PushUrgency.High, CancellationToken.None);

        Assert.Equal(PushOutcome.Delivered, delivery.Outcome);
        Assert.Equal(201, delivery.ProviderStatus);
        var request = Assert.Single(pushService.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/wpush/v2/gAAAAABk-subscription", request.Path);
        Assert.Equal("aes128gcm", request.Headers.ContentEncoding.ToString());
        Assert.Equal("3600", request.Headers["TTL"].ToString());
        Assert.Equal("high", request.Headers["Urgency"].ToString());

        var plaintext = WebPushDecryption.Decrypt(Assert.Single(bodies), subscriberKey, authSecret);
        Assert.Equal(message.ToWebPushPayload(), plaintext);
        var json = JsonNode.Parse(plaintext)!;
        Assert.Equal("Your call is coming", json["title"]!.GetValue<string>());
        Assert.Equal("c-42", json["data"]!["callbackId"]!.GetValue<string>());
        Assert.Equal("callback-c-42", json["tag"]!.GetValue<string>());

        var authorization = request.Headers.Authorization.ToString();
        Assert.StartsWith("vapid t=", authorization);
        var parts = authorization["vapid ".Length..].Split(", ");
        Assert.Equal("k=" + vapidPair.PublicKey, parts[1]);
        var claims = VapidKeys.Verify(parts[0]["t=".Length..], vapidPair.PublicKey, Now);
        Assert.NotNull(claims);
        Assert.Equal(pushService.BaseUrl, claims["aud"]!.GetValue<string>());
        Assert.Equal(Subject, claims["sub"]!.GetValue<string>());
        Assert.InRange(claims["exp"]!.GetValue<long>(), Now.ToUnixTimeSeconds() + 1, Now.AddHours(24).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task AVapidTokenFromAnotherKeyIsNotAccepted()
    {
        await Sender().SendAsync(Subscription, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        var token = pushService.Requests.Single().Headers.Authorization.ToString()["vapid t=".Length..].Split(", ")[0];
        Assert.Null(VapidKeys.Verify(token, VapidKeys.Generate().PublicKey, Now));
        Assert.False(pushService.Requests.Single().Headers.ContainsKey("Urgency"));
    }

    [Theory]
    [InlineData(410, PushOutcome.Gone)]
    [InlineData(404, PushOutcome.Gone)]
    [InlineData(413, PushOutcome.TooBig)]
    [InlineData(400, PushOutcome.Failed)]
    [InlineData(403, PushOutcome.Failed)]
    [InlineData(503, PushOutcome.RetryLater)]
    [InlineData(202, PushOutcome.Delivered)]
    public async Task ThePushServicesAnswerSaysWhatToDoNext(int status, PushOutcome expected)
    {
        Answer(status, $"push service says {status}");

        var delivery = await Sender().SendAsync(Subscription, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(expected, delivery.Outcome);
        Assert.Equal(status, delivery.ProviderStatus);
        Assert.Equal($"push service says {status}", delivery.ProviderAnswer);
    }

    [Fact]
    public async Task ALongAnswerIsKeptShort()
    {
        Answer(400, new string('x', 10_000));

        var delivery = await Sender().SendAsync(Subscription, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushDelivery.MaxAnswerLength + 1, delivery.ProviderAnswer!.Length);
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterTheTimeThePushServiceAsks()
    {
        pushService.Respond = async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "120";
            await TwilioStandIn.Json(context, 429, """{"reason":"rate limited"}""");
        };

        var delivery = await Sender().SendAsync(Subscription, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushOutcome.RetryLater, delivery.Outcome);
        Assert.Equal(429, delivery.ProviderStatus);
        Assert.Equal(TimeSpan.FromSeconds(120), delivery.RetryAfter);
    }

    [Fact]
    public async Task APushServiceThatDoesNotAnswerInTimeIsRetriedLater()
    {
        pushService.Respond = (_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted);

        var delivery = await Sender(TimeSpan.FromMilliseconds(300)).SendAsync(Subscription, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushOutcome.RetryLater, delivery.Outcome);
        Assert.Null(delivery.ProviderStatus);
        Assert.Contains("did not answer", delivery.ProviderAnswer);
    }

    [Theory]
    [InlineData("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcx")]
    [InlineData("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw5")]
    [InlineData("")]
    public async Task ABadSubscriptionKeyIsInvalidAndNothingIsSent(string p256dh)
    {
        var delivery = await Sender().SendAsync(Subscription with { P256dh = p256dh }, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushOutcome.SubscriptionInvalid, delivery.Outcome);
        Assert.Empty(pushService.Requests);
    }

    [Fact]
    public async Task AnEndpointThatIsNotHttpsIsInvalidAndNothingIsSent()
    {
        var delivery = await Sender().SendAsync(Subscription with { Endpoint = "http://push.example.com/abc" }, Vapid, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushOutcome.SubscriptionInvalid, delivery.Outcome);
        Assert.Empty(pushService.Requests);
    }

    [Fact]
    public async Task AnUnreadableVapidKeyFailsWithoutSending()
    {
        var delivery = await Sender().SendAsync(Subscription, Vapid with { PrivateKeyPkcs8 = "bm90IGEga2V5" }, new PushMessage("t", "b"), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushOutcome.Failed, delivery.Outcome);
        Assert.Contains("VAPID private key", delivery.ProviderAnswer);
        Assert.Empty(pushService.Requests);
    }

    [Fact]
    public async Task AMessageTooLargeForOneRecordIsNotSent()
    {
        var delivery = await Sender().SendAsync(Subscription, Vapid, new PushMessage("t", new string('é', 2500)), TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.Equal(PushOutcome.TooBig, delivery.Outcome);
        Assert.Empty(pushService.Requests);
    }

    private void Answer(int status, string text) => pushService.Respond = async (_, context) =>
    {
        await KeepBodyAsync(context);
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(text);
    };

    private async Task KeepBodyAsync(HttpContext context)
    {
        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy);
        bodies.Enqueue(copy.ToArray());
    }

    private static WebPushSender Sender(TimeSpan? timeout = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(WebPushSender.HttpClientName, c => c.Timeout = timeout ?? TimeSpan.FromSeconds(5));
        return new WebPushSender(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), new FakeTimeProvider(Now));
    }
}
