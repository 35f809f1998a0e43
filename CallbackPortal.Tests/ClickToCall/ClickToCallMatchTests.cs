using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary><c>GET /api/v1/click-to-call/match</c>: the IVR finds and consumes the reservation, with an API key of the click-to-call scope.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallMatchTests(SharedPortal portal)
{
    [Fact]
    public async Task TheDialedNumberAndTheCallersNumberMatchOnceAndReturnTheContext()
    {
        var (group, service) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var caller = ClickToCallFixture.Numbers(1)[0];
        var stranger = ClickToCallFixture.Numbers(1)[0];
        using var client = portal.Host.NewClient();
        var reserved = await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(client.Http, group, caller));
        var to = reserved.GetProperty("toPhoneNumber").GetString()!;
        var key = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.ClickToCall);

        var wrongCaller = await ClickToCallFixture.MatchAsync(client.Http, key, $"dnis={Uri.EscapeDataString(to)}&ani={Uri.EscapeDataString(stranger)}");
        // IVRs often report numbers without the '+'.
        var match = await ClickToCallFixture.MatchAsync(client.Http, key, $"dnis={to.TrimStart('+')}&ani={caller.TrimStart('+')}");
        var again = await ClickToCallFixture.MatchAsync(client.Http, key, $"dnis={Uri.EscapeDataString(to)}&ani={Uri.EscapeDataString(caller)}");

        Assert.Equal(HttpStatusCode.NotFound, wrongCaller.StatusCode);
        Assert.Equal("no-match", await ApiServices.CodeAsync(wrongCaller));
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);
        var body = await ApiServices.JsonAsync(match);
        Assert.Equal(reserved.GetProperty("id").GetGuid(), body.GetProperty("id").GetGuid());
        Assert.Equal(group.Key, body.GetProperty("group").GetString());
        Assert.Equal(service.Key, body.GetProperty("targetService").GetString());
        Assert.Equal(caller, body.GetProperty("fromPhoneNumber").GetString());
        Assert.Equal("A-17", body.GetProperty("userData").GetProperty("orderId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("no-match", await ApiServices.CodeAsync(again));
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.ClickToCallReservations.SingleAsync(r => r.GroupId == group.Id);
        Assert.NotNull(stored.MatchedAt);
        Assert.Equal(CallbackPortal.ClickToCall.MatchedBy.Number, stored.MatchedBy);
    }

    [Fact]
    public async Task TheAccessCodeMatchesOnceEvenWhenTwoIvrCallsAskTogether()
    {
        var (group, service) = await ClickToCallFixture.GroupAsync(portal.Host, 1, f => f.AccessCodeDigits = 6);
        using var client = portal.Host.NewClient();
        var reserved = await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(client.Http, group));
        var code = reserved.GetProperty("accessCode").GetString()!;
        var to = reserved.GetProperty("toPhoneNumber").GetString()!;
        var key = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.ClickToCall);

        // A reservation with a code and no caller's number is not matched by the dialed number alone.
        var byNumberOnly = await ClickToCallFixture.MatchAsync(client.Http, key, $"dnis={Uri.EscapeDataString(to)}&ani=%2B12025550177");
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            ClickToCallFixture.MatchAsync(client.Http, key, $"accessCode={code}&dnis={Uri.EscapeDataString(to)}")));

        Assert.Equal(HttpStatusCode.NotFound, byNumberOnly.StatusCode);
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.NotFound);
        var body = await ApiServices.JsonAsync(both.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(service.Key, body.GetProperty("targetService").GetString());
        Assert.Equal(JsonValueKindNull, body.GetProperty("fromPhoneNumber").ValueKind);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(CallbackPortal.ClickToCall.MatchedBy.Code, (await db.ClickToCallReservations.SingleAsync(r => r.GroupId == group.Id)).MatchedBy);
    }

    [Fact]
    public async Task MatchingNeedsAKeyWithTheClickToCallScope()
    {
        using var client = portal.Host.NewClient();
        var presenceKey = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.Presence);

        var none = await ClickToCallFixture.MatchAsync(client.Http, null, "accessCode=123456");
        var wrong = await ClickToCallFixture.MatchAsync(client.Http, "cbk_not-a-real-key", "accessCode=123456");
        var otherScope = await ClickToCallFixture.MatchAsync(client.Http, presenceKey, "accessCode=123456");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherScope.StatusCode);
        Assert.Equal("api-key-scope", await ApiServices.CodeAsync(otherScope));
    }

    [Fact]
    public async Task AMatchWithoutNumberOrCodeIsAValidationError()
    {
        using var client = portal.Host.NewClient();
        var key = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.ClickToCall);

        var response = await ClickToCallFixture.MatchAsync(client.Http, key, "ani=%2B12025550177&accessCode=12");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiServices.JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("accessCode", out _));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
