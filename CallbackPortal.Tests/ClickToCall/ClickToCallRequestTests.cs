using System.Net;
using CallbackPortal.ClickToCall;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary><c>POST /api/v1/click-to-call/requests</c>: allocation under concurrency, access codes, errors and CORS by <c>?group=</c>.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallRequestTests(SharedPortal portal)
{
    [Fact]
    public async Task TwentyParallelRequestsOnFiveNumbersGiveFiveDistinctNumbersAndFifteenPoolExhausted()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 5);
        using var client = portal.Host.NewClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ClickToCallFixture.RequestAsync(client.Http, group)));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(5, created.Count);
        Assert.Equal(15, refused.Count);
        var numbers = new List<string>();
        foreach (var response in created)
        {
            var body = await ApiServices.JsonAsync(response);
            numbers.Add(body.GetProperty("toPhoneNumber").GetString()!);
            Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(200));
        }
        Assert.Equal(group.Numbers.Order(), numbers.Order());
        foreach (var response in refused)
        {
            Assert.Equal("pool-exhausted", await ApiServices.CodeAsync(response));
            var retry = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retry, 290, 300);
        }
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(5, await db.ClickToCallReservations.CountAsync(r => r.GroupId == group.Id));
    }

    [Fact]
    public async Task RoundRobinHandsOutTheNumbersInTheGroupsOrder()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 3);
        using var client = portal.Host.NewClient();

        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add((await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(client.Http, group))).GetProperty("toPhoneNumber").GetString()!);
        }

        Assert.Equal(group.Numbers, numbers);
    }

    [Fact]
    public async Task AccessCodesAreUniqueAmongTheGroupsLiveReservationsEvenWhenAlmostAllAreTaken()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 10, f => f.AccessCodeDigits = 4);
        var now = DateTimeOffset.UtcNow;
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            // 9,990 of the 10,000 codes are held by live reservations (on a number since removed from the group).
            var removed = ClickToCallFixture.Numbers(1)[0];
            db.ClickToCallReservations.AddRange(Enumerable.Range(0, 9_990).Select(i => new ClickToCallReservation
            {
                Id = Guid.NewGuid(), GroupId = group.Id, ToPhoneNumber = removed, AccessCode = i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
                CreatedAt = now, ExpiresAt = now.AddHours(1),
            }));
            await db.SaveChangesAsync();
        }
        using var client = portal.Host.NewClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ClickToCallFixture.RequestAsync(client.Http, group)));

        var codes = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            codes.Add((await ApiServices.JsonAsync(response)).GetProperty("accessCode").GetString()!);
        }
        Assert.Equal(Enumerable.Range(9_990, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), codes.Order());
    }

    [Fact]
    public async Task AnUnknownOrDisabledGroupIs404AndBadInputIs400PerField()
    {
        var (disabled, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1, f => f.Enabled = false);
        using var client = portal.Host.NewClient();

        var unknown = await ClickToCallFixture.RequestAsync(client.Http, """{"group":"no-such-group"}""");
        var off = await ClickToCallFixture.RequestAsync(client.Http, disabled);
        var bad = await ClickToCallFixture.RequestAsync(client.Http, """{"fromPhoneNumber":"12","userData":{"":"x"}}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown-group", await ApiServices.CodeAsync(unknown));
        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal("unknown-group", await ApiServices.CodeAsync(off));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await ApiServices.JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("group", out _));
        Assert.True(errors.TryGetProperty("fromPhoneNumber", out _));
        Assert.True(errors.TryGetProperty("userData", out _));
    }

    [Fact]
    public async Task ABrowserOnTheTargetServicesOriginReservesThroughTheGroupQuery()
    {
        const string shop = "https://app.example.com";
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 2, service: s => s.AllowedOrigins = [shop]);
        using var client = portal.Host.NewClient();
        var body = $$"""{"group":"{{group.Key}}"}""";

        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/click-to-call/requests?group={group.Key}");
        preflight.Headers.Add("Origin", shop);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var preflightResponse = await client.Http.SendAsync(preflight);
        var allowed = await ClickToCallFixture.RequestAsync(client.Http, body, group.Key, shop);
        var foreign = await ClickToCallFixture.RequestAsync(client.Http, body, group.Key, "https://evil.example.net");
        var noQuery = await ClickToCallFixture.RequestAsync(client.Http, body, origin: shop);
        var otherGroup = await ClickToCallFixture.RequestAsync(client.Http, """{"group":"some-other-group"}""", group.Key, shop);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal(shop, preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(shop, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("origin-not-allowed", await ApiServices.CodeAsync(foreign));
        Assert.Equal(HttpStatusCode.Forbidden, noQuery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherGroup.StatusCode);
        Assert.True((await ApiServices.JsonAsync(otherGroup)).GetProperty("errors").TryGetProperty("group", out _));
    }
}
