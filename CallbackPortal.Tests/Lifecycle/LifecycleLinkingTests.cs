using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallbackPortal.Tests.Lifecycle.LifecycleBatches;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>Lifecycle events join the callback created in their session, whichever arrives first, and never on the client's word alone.</summary>
[Collection(PortalCollection.Name)]
public sealed class LifecycleLinkingTests(SharedPortal portal)
{
    private static readonly string Phone = "+12025550143";

    [Fact]
    public async Task EventsSentBeforeTheCreateAreLinkedWhenTheCreateCommits()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        var start = DateTimeOffset.UtcNow.AddSeconds(-30);
        using var client = portal.Host.NewClient();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client.Http, Json(
            Event("ready", service.Key, session, start), Event("opened", service.Key, session, start.AddSeconds(1)),
            Event("submitted", service.Key, session, start.AddSeconds(9))))).StatusCode);

        var id = await CreateAsync(client, service.Key, session);

        Assert.Equal([id, id, id], await LinksAsync(session));
    }

    [Fact]
    public async Task EventsSentAfterTheCreateAreLinkedWhenTheyArrive()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        using var client = portal.Host.NewClient();
        var id = await CreateAsync(client, service.Key, session);

        await PostAsync(client.Http, Json(
            Event("completed", service.Key, session, DateTimeOffset.UtcNow, callbackId: id.ToString()),
            Event("closed", service.Key, session, DateTimeOffset.UtcNow)));

        Assert.Equal([id, id], await LinksAsync(session));
    }

    [Fact]
    public async Task ACallbackIdTheClientNamesCannotLinkAnEventToAnotherSessionsCallback()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var (victim, attacker) = (NewSession(), NewSession());
        using var client = portal.Host.NewClient();
        var victimsCallback = await CreateAsync(client, service.Key, victim);
        var attackersCallback = await CreateAsync(client, service.Key, attacker, "+12025550144");

        await PostAsync(client.Http, Json(
            Event("cancelled", service.Key, attacker, DateTimeOffset.UtcNow, callbackId: victimsCallback.ToString()),
            Event("opened", service.Key, NewSession(), DateTimeOffset.UtcNow, callbackId: victimsCallback.ToString()),
            Event("closed", service.Key, attacker, DateTimeOffset.UtcNow)));

        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.WidgetEvents.CountAsync(e => e.CallbackId == victimsCallback));
        // The forged event stays unlinked; the session's honest event links to the session's own callback.
        Assert.Equal([null, attackersCallback], await LinksAsync(attacker));
    }

    [Fact]
    public async Task ASessionIdWithOtherCharactersIsRefusedAtItsField()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();

        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = Phone, sessionId = "w 1;drop" });

        Assert.Equal((HttpStatusCode.BadRequest, "validation-failed"), (response.StatusCode, await ApiServices.CodeAsync(response)));
        Assert.Contains("sessionId", (await ErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task TheCallbackTimelineShowsItsWidgetStepsInTheConsumersOrder()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        using var client = portal.Host.NewClient();
        // Sent out of order (a beacon after a batch): the timeline follows the consumer's clock.
        await PostAsync(client.Http, Json(
            Event("submitted", service.Key, session, start.AddSeconds(40), new { counters = new { submitAttempts = 2, validationErrors = 1 }, errors = new[] { "invalid-phone-number" } })));
        await PostAsync(client.Http, Json(
            Event("opened", service.Key, session, start, new { flags = new { proactive = true }, elapsedMs = new { readyToOpen = 1500 } }),
            Event("started", service.Key, session, start.AddSeconds(10))));
        var id = await CreateAsync(client, service.Key, session);

        var detail = await portal.Host.Services.GetRequiredService<CallbackDetails>().LoadAsync(PortalActor.System, id, mayManage: false, CancellationToken.None);

        var widget = detail!.Timeline.Where(e => e.Kind == CallbackEventKinds.Lifecycle).ToList();
        Assert.Equal(["Widget opened", "Widget started", "Widget submitted"], widget.Select(e => e.Title));
        Assert.Equal("flags proactive · elapsed readyToOpen 1.5 s", widget[0].Detail);
        Assert.Equal("submitAttempts 2, validationErrors 1 · errors invalid-phone-number", widget[2].Detail);
        var titles = detail.Timeline.Select(e => e.Title).ToList();
        Assert.True(titles.IndexOf("Widget submitted") < titles.IndexOf("Created"), string.Join(" | ", titles));
    }

    private static async Task<Guid> CreateAsync(PortalClient client, string service, string session, string phone = "+12025550143")
    {
        var response = await ApiServices.CreateCallbackAsync(client.Http, service, new { phoneNumber = phone, sessionId = session });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiServices.JsonAsync(response)).GetProperty("id").GetGuid();
    }

    private async Task<List<Guid?>> LinksAsync(string session)
    {
        await using var db = await ApiServices.DbAsync(portal.Host);
        return await db.WidgetEvents.Where(e => e.SessionId == session).OrderBy(e => e.Id).Select(e => e.CallbackId).ToListAsync();
    }
}
