using System.Net;
using System.Text.Json;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CallbackPortal.Tests.Lifecycle.LifecycleBatches;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary><c>POST /api/v1/lifecycle</c> over HTTP: what is stored, what is refused, and CORS.</summary>
[Collection(PortalCollection.Name)]
public sealed class LifecycleApiTests(SharedPortal portal)
{
    [Fact]
    public async Task ABatchIsStoredInOrderWithOnlyTheMetadataItMayKeep()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        var start = DateTimeOffset.UtcNow.AddMinutes(-3);
        using var client = portal.Host.NewClient();
        var json = Json(
            Event("ready", service.Key, session, start, new { flags = new { proactive = false, captchaShown = false }, timestamps = new { readyAt = start } }),
            Event("opened", service.Key, session, start.AddSeconds(2), new
            {
                flags = new { proactive = true, prefilled = false },
                counters = new { opened = 1, submitAttempts = 0 },
                elapsedMs = new { readyToOpen = 2000 },
                phoneNumber = "+12025550143",
                form = new { firstName = "Ada" },
            }),
            Event("started", service.Key, session, start.AddSeconds(5), new
            {
                counters = new { validationErrors = 1 },
                errors = new object[] { "invalid-phone-number", new { field = "phoneNumber", code = "invalid-phone-number", message = "+1 202 555 0143 is not valid", value = "x" } },
            }));

        var response = await PostAsync(client.Http, json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (await ApiServices.JsonAsync(response)).GetProperty("accepted").GetInt32());
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.WidgetEvents.Where(e => e.SessionId == session).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["ready", "opened", "started"], stored.Select(e => e.Event));
        Assert.All(stored, e => Assert.Equal(service.Id, e.ServiceId));
        Assert.Equal(start.AddSeconds(2).ToUnixTimeMilliseconds(), stored[1].At.ToUnixTimeMilliseconds());
        Assert.Equal("""{"flags":{"proactive":true,"prefilled":false},"counters":{"opened":1,"submitAttempts":0},"elapsedMs":{"readyToOpen":2000}}""", stored[1].Metadata);
        Assert.True(stored[1].Proactive);
        Assert.Equal(0, stored[1].SubmitAttempts);
        Assert.DoesNotContain("2025550143", stored[2].Metadata);
        Assert.DoesNotContain("\"value\"", stored[2].Metadata);
        Assert.Contains("\"code\":\"invalid-phone-number\"", stored[2].Metadata);
        Assert.Equal(1, stored[2].ValidationErrors);
        Assert.All(stored, e => Assert.Null(e.CallbackId));
    }

    [Fact]
    public async Task APlainTextBodyAsSendBeaconSendsItIsAccepted()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        using var client = portal.Host.NewClient();

        var response = await PostAsync(client.Http, Json(Event("closed", service.Key, session, DateTimeOffset.UtcNow)), contentType: "text/plain");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await db.WidgetEvents.CountAsync(e => e.SessionId == session));
    }

    public static TheoryData<string, string, string> BadBatches() => new()
    {
        // name, body (SERVICE and SESSION are replaced), the field the error names
        { "not JSON", "opened!", "body" },
        { "cut off", "[{\"event\": ", "[0].event" },
        { "an object, not an array", """{"event":"opened","service":"SERVICE","sessionId":"SESSION"}""", "body" },
        { "empty", "[]", "body" },
        { "an unknown event", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION"},{"event":"hovered","service":"SERVICE","sessionId":"SESSION"}]""", "[1].event" },
        { "no service", """[{"event":"opened","sessionId":"SESSION"}]""", "[0].service" },
        { "no session", """[{"event":"opened","service":"SERVICE"}]""", "[0].sessionId" },
        { "a session with other characters", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION<script>"}]""", "[0].sessionId" },
        { "a negative counter", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION","metadata":{"counters":{"opened":-1}}}]""", "[0].metadata.counters.opened" },
        { "a fractional elapsed time", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION","metadata":{"elapsedMs":{"readyToOpen":1.5}}}]""", "[0].metadata.elapsedMs.readyToOpen" },
        { "a text flag", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION","metadata":{"flags":{"proactive":"yes"}}}]""", "[0].metadata.flags.proactive" },
        { "a bad timestamp", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION","timestamp":"soon"}]""", "[0].timestamp" },
        { "a bad callback id", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION","callbackId":"42"}]""", "[0].callbackId" },
        { "a number as the event", """[{"event":7,"service":"SERVICE","sessionId":"SESSION"}]""", "[0].event" },
        { "a null event", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION"},null]""", "[1]" },
        { "oversized metadata", """[{"event":"opened","service":"SERVICE","sessionId":"SESSION","metadata":{"errors":["PAD"]}}]""", "[0].metadata" },
        { "too many events", "MANY", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task EachBadBatchIsRefusedByFieldAndNothingIsStored(string name, string body, string field)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        var good = Event("opened", service.Key, session, DateTimeOffset.UtcNow);
        var json = body == "MANY" ? Json([.. Enumerable.Repeat(good, 51)])
            : body.Replace("SERVICE", service.Key, StringComparison.Ordinal).Replace("SESSION", session, StringComparison.Ordinal)
                .Replace("PAD", new string('x', 5000), StringComparison.Ordinal);
        using var client = portal.Host.NewClient();

        var response = await PostAsync(client.Http, json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
        Assert.Equal("validation-failed", await ApiServices.CodeAsync(response));
        Assert.Contains(field, (await ErrorsAsync(response)).Keys);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.WidgetEvents.CountAsync(e => e.ServiceId == service.Id));
    }

    [Fact]
    public async Task AnUnknownServiceIsNotFoundAndNothingOfTheBatchIsStored()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        using var client = portal.Host.NewClient();

        var response = await PostAsync(client.Http, Json(
            Event("opened", service.Key, session, DateTimeOffset.UtcNow), Event("opened", "no-such-service", session, DateTimeOffset.UtcNow)));

        Assert.Equal((HttpStatusCode.NotFound, "unknown-service"), (response.StatusCode, await ApiServices.CodeAsync(response)));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.WidgetEvents.CountAsync(e => e.SessionId == session));
    }

    [Fact]
    public async Task AClientClockFarOffIsKeptNearTheTimeOfArrival()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        using var client = portal.Host.NewClient();
        var before = DateTimeOffset.UtcNow;

        await PostAsync(client.Http, Json(
            Event("ready", service.Key, session, new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Event("opened", service.Key, session, before.AddYears(1))));

        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.WidgetEvents.Where(e => e.SessionId == session).OrderBy(e => e.Id).ToListAsync();
        Assert.InRange(stored[0].At, before.AddDays(-1).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(-1));
        Assert.InRange(stored[1].At, before.AddMinutes(5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task ASessionKeepsAtMostTwoHundredEventsAndLaterOnesAreDropped()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        using var client = portal.Host.NewClient();
        var batch = Json([.. Enumerable.Range(0, 50).Select(i => Event("opened", service.Key, session, DateTimeOffset.UtcNow))]);

        var answers = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            var response = await PostAsync(client.Http, batch);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await ApiServices.JsonAsync(response));
        }

        Assert.Equal([50, 50, 50, 50, 0], answers.Select(a => a.GetProperty("accepted").GetInt32()));
        Assert.Equal(50, answers[4].GetProperty("dropped").GetInt32());
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(200, await db.WidgetEvents.CountAsync(e => e.SessionId == session));
    }

    [Fact]
    public async Task AnAllowedPageNamingItsServiceInTheQueryPassesWithCorsHeaders()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        var session = NewSession();
        using var client = portal.Host.NewClient();

        var response = await PostAsync(client.Http, Json(Event("opened", service.Key, session, DateTimeOffset.UtcNow)),
            origin: "https://shop.example.com", service: service.Key, contentType: "text/plain");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.WidgetEvents.SingleAsync(e => e.SessionId == session);
        Assert.Equal("https://shop.example.com", stored.Origin);
    }

    [Fact]
    public async Task AForeignPageOrAnEventOfAnotherServiceIsRefused()
    {
        var shop = await ApiServices.CreateAsync(portal.Host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        var other = await ApiServices.CreateAsync(portal.Host);
        var session = NewSession();
        using var client = portal.Host.NewClient();

        var foreign = await PostAsync(client.Http, Json(Event("opened", shop.Key, session, DateTimeOffset.UtcNow)),
            origin: "https://evil.example.net", service: shop.Key);
        var noQuery = await PostAsync(client.Http, Json(Event("opened", shop.Key, session, DateTimeOffset.UtcNow)), origin: "https://shop.example.com");
        var borrowed = await PostAsync(client.Http, Json(Event("opened", shop.Key, session, DateTimeOffset.UtcNow), Event("opened", other.Key, session, DateTimeOffset.UtcNow)),
            origin: "https://shop.example.com", service: shop.Key);
        var server = await PostAsync(client.Http, Json(Event("opened", other.Key, session, DateTimeOffset.UtcNow)));

        Assert.Equal((HttpStatusCode.Forbidden, "origin-not-allowed"), (foreign.StatusCode, await ApiServices.CodeAsync(foreign)));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, noQuery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Equal(["[1].service"], (await ErrorsAsync(borrowed)).Keys);
        Assert.Equal(HttpStatusCode.Accepted, server.StatusCode);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal([other.Id], await db.WidgetEvents.Where(e => e.SessionId == session).Select(e => e.ServiceId).ToListAsync());
    }

    [Fact]
    public async Task BatchesCountAgainstTheConsumerRateLimit()
    {
        await using var host = new PortalHost(settings: new Dictionary<string, string?> { ["PublicApi:RateLimitPermits"] = "3" });
        var service = await ApiServices.CreateAsync(host);
        var session = NewSession();
        using var client = host.NewClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await PostAsync(client.Http, Json(Event("opened", service.Key, session, DateTimeOffset.UtcNow)))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        await using var db = await ApiServices.DbAsync(host);
        Assert.Equal(3, await db.WidgetEvents.CountAsync(e => e.SessionId == session));
    }
}
