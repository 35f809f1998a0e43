using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Widget;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.PublicApi;

[Collection(PortalCollection.Name)]
public sealed class ConsumerEndpointTests(SharedPortal portal)
{
    [Fact]
    public async Task StatusTellsWhetherTheServiceIsOpenWhatItOffersAndWhichCaptcha()
    {
        var open = await ApiServices.CreateAsync(portal.Host, s => s.Captcha.Provider = CallbackPortal.PublicApi.Captcha.CaptchaProvider.ProofOfWork);
        var closed = await ApiServices.CreateAsync(portal.Host, s => s.Schedule = new ServiceSchedule { TimeZone = "UTC" });
        using var client = portal.Host.NewClient();
        await ApiServices.CreateCallbackAsync(client.Http, closed.Key, new { phoneNumber = "+12025550143" });

        var openStatus = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{open.Key}/status"));
        var closedStatus = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{closed.Key}/status"));

        Assert.Equal(open.Key, openStatus.GetProperty("service").GetString());
        Assert.True(openStatus.GetProperty("open").GetBoolean());
        Assert.True(openStatus.GetProperty("openForSeconds").GetInt64() > 86_400);
        Assert.True(openStatus.GetProperty("offerImmediate").GetBoolean());
        Assert.Equal(-1, openStatus.GetProperty("ewtSeconds").GetInt32());
        Assert.Equal("ProofOfWork", openStatus.GetProperty("captcha").GetProperty("provider").GetString());
        Assert.False(closedStatus.GetProperty("open").GetBoolean());
        Assert.False(closedStatus.GetProperty("offerImmediate").GetBoolean());
        Assert.False(closedStatus.GetProperty("offerScheduled").GetBoolean());
        Assert.Equal(0, closedStatus.GetProperty("queued").GetInt32());
    }

    [Fact]
    public async Task StatusStopsOfferingImmediateCallbacksAtTheWatermarkOrOutsideTheWaitThresholds()
    {
        var full = await ApiServices.CreateAsync(portal.Host, s => s.MaxQueued = 1);
        var noEstimate = await ApiServices.CreateAsync(portal.Host, s => s.ImmediateMaxEwtSeconds = 600);
        using var client = portal.Host.NewClient();
        Assert.Equal(HttpStatusCode.Created, (await ApiServices.CreateCallbackAsync(client.Http, full.Key, new { phoneNumber = "+12025550143" })).StatusCode);

        var fullStatus = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{full.Key}/status"));
        var unknownWait = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{noEstimate.Key}/status"));

        Assert.Equal(1, fullStatus.GetProperty("queued").GetInt32());
        Assert.False(fullStatus.GetProperty("offerImmediate").GetBoolean());
        Assert.True(fullStatus.GetProperty("offerScheduled").GetBoolean());
        // No agent has the skills, so the wait is unknown (-1): not within a 10-minute maximum.
        Assert.False(unknownWait.GetProperty("offerImmediate").GetBoolean());
    }

    [Fact]
    public async Task AvailabilityListsSlotsWithTheirFreeCapacityInTheAskedTimeZone()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            s.Schedule = ServiceSchedule.AlwaysOpen("America/New_York");
            s.Capacity = new CapacityPlan { SlotMinutes = 30, DefaultCapacity = 2 };
        });
        using var client = portal.Host.NewClient();
        var first = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{service.Key}/availability?days=1&maxSlots=10"));
        var slot = first.GetProperty("slots")[3];
        var slotTime = slot.GetProperty("utcTime").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Created, (await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143", desiredTime = slotTime.AddMinutes(5) })).StatusCode);

        var after = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{service.Key}/availability?days=1&maxSlots=10&timezone=Europe/Berlin"));

        Assert.Equal(30, after.GetProperty("durationMinutes").GetInt32());
        Assert.Equal("Europe/Berlin", after.GetProperty("timezone").GetString());
        Assert.Equal(10, after.GetProperty("slots").GetArrayLength());
        var booked = after.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("utcTime").GetDateTimeOffset() == slotTime);
        Assert.Equal((1, 2), (booked.GetProperty("capacity").GetInt32(), booked.GetProperty("total").GetInt32()));
        var berlin = TimeZoneInfo.ConvertTime(slotTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal(berlin.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), booked.GetProperty("localTime").GetString());
        Assert.All(after.GetProperty("slots").EnumerateArray(), s => Assert.True(s.GetProperty("utcTime").GetDateTimeOffset() >= DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Theory]
    [InlineData("timezone=Mars/Olympus_Mons", "timezone")]
    [InlineData("timezone=America", "timezone")]
    [InlineData("timezone=../../etc/passwd", "timezone")]
    [InlineData("days=2147483647", "days")]
    [InlineData("days=-1000000", "days")]
    [InlineData("days=0", "days")]
    [InlineData("days=400", "days")]
    [InlineData("maxSlots=0", "maxSlots")]
    [InlineData("start=2026-13-45T99:00:00Z", "start")]
    [InlineData("start=2026-11-24T10:00:00", "start")]
    [InlineData("start=2030-01-01T00:00:00Z&end=2029-01-01T00:00:00Z", "end")]
    public async Task AvailabilityRefusesImpossibleRangesAndZonesByField(string query, string field)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();

        var response = await client.GetAsync($"/api/v1/services/{service.Key}/availability?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiServices.JsonAsync(response);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData(60)]
    [InlineData(2_900_000)]
    public async Task AvailabilityBeyondTheHorizonIsRefused(int daysAhead)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var start = daysAhead > 100_000 ? "9999-12-31T00:00:00Z" : $"{DateTimeOffset.UtcNow.AddDays(daysAhead):yyyy-MM-ddTHH:mm:ssZ}";

        var response = await client.GetAsync($"/api/v1/services/{service.Key}/availability?start={start}");

        Assert.Equal("outside-horizon", await ApiServices.CodeAsync(response));
    }

    [Fact]
    public async Task FormIsTheServicesOwnOrTheStockOne()
    {
        var stock = await ApiServices.CreateAsync(portal.Host);
        var custom = await ApiServices.CreateAsync(portal.Host, s => s.Form = new WidgetForm
        {
            Title = "Call me",
            Inputs = [new FormInput { Id = "order", Name = "orderId", Label = "Order", Required = true, Pattern = "^A-[0-9]+$" }],
        });
        using var client = portal.Host.NewClient();

        var stockForm = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{stock.Key}/form"));
        var customForm = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{custom.Key}/form"));
        var unknown = await client.GetAsync("/api/v1/services/nope/form");

        Assert.Equal("Receive a Call", stockForm.GetProperty("title").GetString());
        Assert.Contains(stockForm.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "phoneNumber" && i.GetProperty("type").GetString() == "Tel");
        Assert.Equal("Call me", customForm.GetProperty("title").GetString());
        Assert.Equal("^A-[0-9]+$", customForm.GetProperty("inputs")[0].GetProperty("pattern").GetString());
        Assert.Equal("unknown-service", await ApiServices.CodeAsync(unknown));
    }

    [Fact]
    public async Task TheConsumerReschedulesAndCancelsWithTheAccessToken()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var created = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" }));
        var id = created.GetProperty("id").GetGuid();
        var token = created.GetProperty("accessToken").GetString()!;
        var later = DateTimeOffset.UtcNow.AddDays(2);

        var withoutToken = await client.Http.PatchAsJsonAsync($"/api/v1/callbacks/{id}", new { desiredTime = later });
        var moved = await SendAsync(client, HttpMethod.Patch, id, token, new { desiredTime = later.ToString("O") });
        var movedView = await ApiServices.JsonAsync(moved);
        var cancelled = await SendAsync(client, HttpMethod.Delete, id, token);
        var again = await SendAsync(client, HttpMethod.Delete, id, token);

        Assert.Equal("not-found", await ApiServices.CodeAsync(withoutToken));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("Scheduled", movedView.GetProperty("state").GetString());
        Assert.Equal(later.ToUnixTimeSeconds(), movedView.GetProperty("desiredTime").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var cancelledView = await ApiServices.JsonAsync(cancelled);
        Assert.Equal(("Completed", "Cancelled"), (cancelledView.GetProperty("state").GetString(), cancelledView.GetProperty("reason").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, "not-cancellable"), (again.StatusCode, await ApiServices.CodeAsync(again)));
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.Callbacks.Include(c => c.Events).SingleAsync(c => c.Id == id);
        Assert.Equal(CompletionReason.Cancelled, stored.Reason);
        Assert.Contains(stored.Events, e => e.Actor == Actor.Consumer && e.ToState == CallbackState.Completed);
    }

    [Fact]
    public async Task ReschedulingIntoAFullSlotOrThePastIsRefusedAndChangesNothing()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Capacity = new CapacityPlan { SlotMinutes = 60, DefaultCapacity = 1 });
        using var client = portal.Host.NewClient();
        var slot = DateTimeOffset.UtcNow.AddDays(1);
        await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143", desiredTime = slot });
        var mine = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550144" }));
        var id = mine.GetProperty("id").GetGuid();
        var token = mine.GetProperty("accessToken").GetString()!;

        var full = await SendAsync(client, HttpMethod.Patch, id, token, new { desiredTime = slot.ToString("O") });
        var past = await SendAsync(client, HttpMethod.Patch, id, token, new { desiredTime = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
        var missing = await SendAsync(client, HttpMethod.Patch, id, token, new { });

        Assert.Equal((HttpStatusCode.Conflict, "slot-full"), (full.StatusCode, await ApiServices.CodeAsync(full)));
        Assert.Equal("validation-failed", await ApiServices.CodeAsync(past));
        Assert.Equal("validation-failed", await ApiServices.CodeAsync(missing));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(CallbackState.Queued, (await db.Callbacks.SingleAsync(c => c.Id == id)).State);
    }

    private static async Task<HttpResponseMessage> SendAsync(PortalClient client, HttpMethod method, Guid id, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"/api/v1/callbacks/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        return await client.Http.SendAsync(request);
    }
}
