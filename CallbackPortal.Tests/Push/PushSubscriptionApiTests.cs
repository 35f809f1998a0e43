using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallbackPortal.Push;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Push;

/// <summary>Push subscriptions through the public API: in a create, added and removed later with the access token, and refused when wrong.</summary>
[Collection(PortalCollection.Name)]
public sealed class PushSubscriptionApiTests(SharedPortal portal)
{
    private const string Endpoint = "https://push.example.net/wpush/v2/";

    private async Task<(string Key, string PublicKey)> WebPushServiceAsync()
    {
        string? publicKey = null;
        var service = await ApiServices.CreateAsync(portal.Host, s => publicKey = PushServices.EnableWebPush(portal.Host, s).PublicKey);
        return (service.Key, publicKey!);
    }

    private static async Task<(Guid Id, string Token)> CreatedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ApiServices.JsonAsync(response);
        return (json.GetProperty("id").GetGuid(), json.GetProperty("accessToken").GetString()!);
    }

    private static HttpRequestMessage WithToken(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task TheStatusTellsBrowsersTheKeyToSubscribeWith()
    {
        var (service, publicKey) = await WebPushServiceAsync();
        var plain = (await ApiServices.CreateAsync(portal.Host)).Key;
        using var client = portal.Host.NewClient();

        var push = (await client.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/services/{service}/status")).GetProperty("push");
        var none = (await client.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/services/{plain}/status")).GetProperty("push");

        Assert.True(push.GetProperty("webPush").GetBoolean());
        Assert.Equal(publicKey, push.GetProperty("vapidPublicKey").GetString());
        Assert.False(push.GetProperty("fcm").GetBoolean());
        Assert.False(none.GetProperty("webPush").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, none.GetProperty("vapidPublicKey").ValueKind);
    }

    [Fact]
    public async Task ASubscriptionInTheCreateIsStoredWithTheCallback()
    {
        var (service, _) = await WebPushServiceAsync();
        using var subscriber = new TestSubscriber(Endpoint + Guid.NewGuid().ToString("N"));
        using var client = portal.Host.NewClient();

        var (id, _) = await CreatedAsync(await ApiServices.CreateCallbackAsync(client.Http, service, new { phoneNumber = "+12025550143", push = subscriber.WebPushBody }));

        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.PushSubscriptions.SingleAsync(s => s.CallbackId == id);
        Assert.Equal(PushChannel.WebPush, stored.Channel);
        Assert.Equal(subscriber.Endpoint, stored.Endpoint);
        Assert.Equal(subscriber.P256dh, stored.P256dh);
        Assert.Equal(subscriber.Auth, stored.Auth);
    }

    [Fact]
    public async Task AServiceWithoutPushRefusesASubscriptionAndStoresNoCallback()
    {
        var service = (await ApiServices.CreateAsync(portal.Host)).Key;
        using var subscriber = new TestSubscriber(Endpoint + Guid.NewGuid().ToString("N"));
        using var client = portal.Host.NewClient();
        var number = "+12025550" + Random.Shared.Next(100, 199);

        var response = await ApiServices.CreateCallbackAsync(client.Http, service, new { phoneNumber = number, push = subscriber.WebPushBody });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("push-not-enabled", await ApiServices.CodeAsync(response));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.False(await db.Callbacks.AnyAsync(c => c.PhoneNumber == number && c.ServiceId == db.CallbackServices.Single(s => s.Key == service).Id));
    }

    [Theory]
    [InlineData("""{"webPush":{"endpoint":"http://push.example.net/x","keys":{"p256dh":"P","auth":"A"}}}""", "push.webPush.endpoint")]
    [InlineData("""{"webPush":{"endpoint":"https://push.example.net/x","keys":{"p256dh":"BAAA","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}}""", "push.webPush.keys.p256dh")]
    [InlineData("""{"webPush":{"endpoint":"https://push.example.net/x"}}""", "push.webPush.keys.p256dh")]
    [InlineData("""{"fcm":{"token":"has spaces"}}""", "push.fcm.token")]
    [InlineData("""{"fcm":{"token":"abc"},"webPush":{"endpoint":"https://push.example.net/x"}}""", "push")]
    [InlineData("""[1,2]""", "push")]
    public async Task AMalformedSubscriptionIsRefusedAtItsField(string push, string field)
    {
        var (service, _) = await WebPushServiceAsync();
        using var client = portal.Host.NewClient();

        var response = await ApiServices.CreateCallbackAsync(client.Http, service, $$"""{"phoneNumber":"+12025550143","push":{{push}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation-failed", await ApiServices.CodeAsync(response));
        Assert.True((await ApiServices.JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"expected an error at {field}");
    }

    [Fact]
    public async Task AnAuthSecretOfTheWrongLengthIsRefused()
    {
        var (service, _) = await WebPushServiceAsync();
        using var subscriber = new TestSubscriber(Endpoint + "a");
        using var client = portal.Host.NewClient();
        var body = new { phoneNumber = "+12025550143", push = new { webPush = new { endpoint = subscriber.Endpoint, keys = new { p256dh = subscriber.P256dh, auth = "AAAA" } } } };

        var response = await ApiServices.CreateCallbackAsync(client.Http, service, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiServices.JsonAsync(response)).GetProperty("errors").TryGetProperty("push.webPush.keys.auth", out _));
    }

    [Fact]
    public async Task ADeviceSubscribesLaterWithTheTokenOnceAndUnsubscribes()
    {
        var (service, _) = await WebPushServiceAsync();
        using var subscriber = new TestSubscriber(Endpoint + Guid.NewGuid().ToString("N"));
        using var client = portal.Host.NewClient();
        var (id, token) = await CreatedAsync(await ApiServices.CreateCallbackAsync(client.Http, service, new { phoneNumber = "+12025550143" }));

        using var noToken = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/callbacks/{id}/push") { Content = JsonContent.Create(subscriber.WebPushBody) };
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.SendAsync(noToken)).StatusCode);
        var first = await client.Http.SendAsync(WithToken(HttpMethod.Put, $"/api/v1/callbacks/{id}/push", token, subscriber.WebPushBody));
        var again = await client.Http.SendAsync(WithToken(HttpMethod.Put, $"/api/v1/callbacks/{id}/push", token, subscriber.WebPushBody));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var subscriptionId = (await ApiServices.JsonAsync(first)).GetProperty("subscriptionId").GetGuid();
        Assert.Equal(subscriptionId, (await ApiServices.JsonAsync(again)).GetProperty("subscriptionId").GetGuid());
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            Assert.Equal(1, await db.PushSubscriptions.CountAsync(s => s.CallbackId == id));
        }

        var removed = await client.Http.SendAsync(WithToken(HttpMethod.Delete, $"/api/v1/callbacks/{id}/push/{subscriptionId}", token));
        var removedAgain = await client.Http.SendAsync(WithToken(HttpMethod.Delete, $"/api/v1/callbacks/{id}/push/{subscriptionId}", token));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        await using var after = await ApiServices.DbAsync(portal.Host);
        Assert.False(await after.PushSubscriptions.AnyAsync(s => s.CallbackId == id));
    }

    [Fact]
    public async Task ACallbackTakesAtMostFiveDevicesAndNoneOnceItIsOver()
    {
        var (service, _) = await WebPushServiceAsync();
        using var client = portal.Host.NewClient();
        var (id, token) = await CreatedAsync(await ApiServices.CreateCallbackAsync(client.Http, service, new { phoneNumber = "+12025550143" }));
        var subscribers = Enumerable.Range(0, PushSubscriptions.MaxPerCallback + 1).Select(i => new TestSubscriber(Endpoint + i)).ToList();

        var answers = new List<HttpStatusCode>();
        foreach (var subscriber in subscribers)
        {
            answers.Add((await client.Http.SendAsync(WithToken(HttpMethod.Put, $"/api/v1/callbacks/{id}/push", token, subscriber.WebPushBody))).StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, PushSubscriptions.MaxPerCallback).Append(HttpStatusCode.Conflict), answers);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(WithToken(HttpMethod.Delete, $"/api/v1/callbacks/{id}", token))).StatusCode);
        var late = await client.Http.SendAsync(WithToken(HttpMethod.Put, $"/api/v1/callbacks/{id}/push", token, subscribers[0].WebPushBody));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("not-subscribable", await ApiServices.CodeAsync(late));
        subscribers.ForEach(s => s.Dispose());
    }
}
