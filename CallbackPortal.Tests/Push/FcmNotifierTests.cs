using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CallbackPortal.Access;
using CallbackPortal.Push;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Integration;
using CallbackPortal.Tests.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Push;

/// <summary>The notifier's FCM path against stand-ins of Google's token and send endpoints (its own host: FCM's base URL differs).</summary>
public sealed class FcmNotifierTests
{
    [Fact]
    public async Task AnAppDeviceGetsTheConfirmationAndAnUnregisteredTokenIsRemoved()
    {
        await using var google = await TwilioStandIn.StartAsync();
        using var account = new PushTestAccount(google.BaseUrl + "/token");
        var messages = new ConcurrentQueue<JsonNode>();
        google.Respond = async (request, context) =>
        {
            if (request.Path == "/token")
            {
                await TwilioStandIn.Json(context, 200, """{"access_token":"ya29.t","expires_in":3600,"token_type":"Bearer"}""");
                return;
            }
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            messages.Enqueue(body);
            await (body["message"]!["token"]!.GetValue<string>() == "gone-device"
                ? TwilioStandIn.Json(context, 404, """{"error":{"code":404,"status":"NOT_FOUND","details":[{"errorCode":"UNREGISTERED"}]}}""")
                : TwilioStandIn.Json(context, 200, """{"name":"projects/shop-app-1234/messages/1"}"""));
        };
        await using var host = new PortalHost(settings: new Dictionary<string, string?> { ["Push:FcmBaseUrl"] = google.BaseUrl });
        var credentials = FcmCredentials.Parse(account.Json).Credentials!;
        var service = await ApiServices.CreateAsync(host, s =>
        {
            s.Push.FcmEnabled = true;
            s.Push.FcmProjectId = credentials.ProjectId;
            s.Push.FcmClientEmail = credentials.ClientEmail;
            s.Push.FcmPrivateKeyProtected = host.Services.GetRequiredService<SecretProtector>().Protect(credentials.PrivateKeyPem);
            s.Push.FcmTokenUri = credentials.TokenUri;
        });
        using var client = host.NewClient();
        var ids = new List<Guid>();
        foreach (var token in new[] { "live-device", "gone-device" })
        {
            var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = PushNotifierTests.NewNumber(), push = new { fcm = new { token } } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await ApiServices.JsonAsync(response)).GetProperty("id").GetGuid());
        }

        await PushRuns.ScanAsync(host);

        var live = messages.Single(m => m["message"]!["token"]!.GetValue<string>() == "live-device")["message"]!;
        Assert.Equal("Callback confirmed", live["notification"]!["title"]!.GetValue<string>());
        Assert.Equal(ids[0].ToString(), live["data"]!["callbackId"]!.GetValue<string>());
        Assert.Equal("confirmed", live["data"]!["event"]!.GetValue<string>());
        Assert.Equal($"callback-{ids[0]:N}", live["android"]!["notification"]!["tag"]!.GetValue<string>());
        Assert.True((await PushRuns.LedgerAsync(host, ids[0])) is [{ State: PushNotificationState.Delivered, ProviderStatus: 200, Channel: PushChannel.Fcm }]);
        Assert.True((await PushRuns.LedgerAsync(host, ids[1])) is [{ State: PushNotificationState.Gone, ProviderStatus: 404 }]);
        await using var db = await ApiServices.DbAsync(host);
        Assert.False(await db.PushSubscriptions.AnyAsync(s => s.CallbackId == ids[1]));
        Assert.True(await db.PushSubscriptions.AnyAsync(s => s.CallbackId == ids[0]));
    }
}
