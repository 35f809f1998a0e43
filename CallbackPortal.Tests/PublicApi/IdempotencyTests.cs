using System.Net;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.PublicApi;

[Collection(PortalCollection.Name)]
public sealed class IdempotencyTests(SharedPortal portal)
{
    [Fact]
    public async Task TheSameKeyAndBodyReplayTheFirstAnswerWithoutASecondCallback()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var key = Guid.NewGuid().ToString();
        const string body = """{"phoneNumber":"+12025550143","firstName":"Ada"}""";

        var first = await PostAsync(client, service.Key, key, body);
        var second = await PostAsync(client, service.Key, key, body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        var a = await ApiServices.JsonAsync(first);
        var b = await ApiServices.JsonAsync(second);
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.Equal(a.GetProperty("accessToken").GetString(), b.GetProperty("accessToken").GetString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
        var record = await db.IdempotencyRecords.SingleAsync(r => r.Key == $"{service.Key}:{key}");
        Assert.DoesNotContain(a.GetProperty("accessToken").GetString()!, record.ResponseProtected);
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsA422()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var key = Guid.NewGuid().ToString();

        await PostAsync(client, service.Key, key, """{"phoneNumber":"+12025550143"}""");
        var other = await PostAsync(client, service.Key, key, """{"phoneNumber":"+12025550144"}""");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "idempotency-key-reused"), (other.StatusCode, await ApiServices.CodeAsync(other)));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneKeyCreateOneCallbackAndTheOthersReplayOrWait()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var key = Guid.NewGuid().ToString();
        const string body = """{"phoneNumber":"+12025550143"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(client, service.Key, key, body)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var ids = new HashSet<Guid>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            ids.Add((await ApiServices.JsonAsync(response)).GetProperty("id").GetGuid());
        }
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("idempotency-in-flight", await ApiServices.CodeAsync(response));
        }
        Assert.Single(ids);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task ARefusedRequestLetsItsKeyGoSoARetryIsJudgedAfresh()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.MaxQueued = 0);
        using var client = portal.Host.NewClient();
        var key = Guid.NewGuid().ToString();
        const string body = """{"phoneNumber":"+12025550143"}""";

        var refused = await PostAsync(client, service.Key, key, body);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            await db.CallbackServices.Where(s => s.Id == service.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.MaxQueued, 10));
        }
        var retried = await PostAsync(client, service.Key, key, body);

        Assert.Equal("queue-full", await ApiServices.CodeAsync(refused));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    public async Task AnUnusableKeyIsRefused(string key)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();

        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, """{"phoneNumber":"+12025550143"}""",
            ("Idempotency-Key", key.Length == 0 ? new string('k', 300) : key));

        Assert.Equal((HttpStatusCode.BadRequest, "validation-failed"), (response.StatusCode, await ApiServices.CodeAsync(response)));
    }

    private static Task<HttpResponseMessage> PostAsync(PortalClient client, string service, string key, string body) =>
        ApiServices.CreateCallbackAsync(client.Http, service, body, ("Idempotency-Key", key));
}
