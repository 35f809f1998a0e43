using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.PublicApi;

[Collection(PortalCollection.Name)]
public sealed class CallbackApiTests(SharedPortal portal)
{
    private async Task<string> ServiceAsync(Action<CallbackService>? configure = null) => (await ApiServices.CreateAsync(portal.Host, configure)).Key;

    [Fact]
    public async Task AnImmediateCallbackIsCreatedAndReadBackWithItsToken()
    {
        var service = await ServiceAsync();
        using var client = portal.Host.NewClient();

        var response = await client.Http.PostAsJsonAsync($"/api/v1/services/{service}/callbacks", new
        {
            phoneNumber = "(202) 555-0143",
            firstName = "Ada",
            userData = new Dictionary<string, string> { ["orderId"] = "A-17", ["page"] = "/checkout" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetGuid();
        var token = created.RootElement.GetProperty("accessToken").GetString()!;
        Assert.Equal($"/api/v1/callbacks/{id}", response.Headers.Location!.ToString());
        Assert.Equal("Queued", created.RootElement.GetProperty("state").GetString());
        Assert.Equal(1, created.RootElement.GetProperty("positionInQueue").GetInt32());
        Assert.Equal(-1, created.RootElement.GetProperty("ewtSeconds").GetInt32());

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/callbacks/{id}");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var view = await client.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        using var body = JsonDocument.Parse(await view.Content.ReadAsStringAsync());
        Assert.Equal("Queued", body.RootElement.GetProperty("state").GetString());

        await using var db = await portal.Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var stored = await db.Callbacks.SingleAsync(c => c.Id == id);
        Assert.Equal("+12025550143", stored.PhoneNumber);
        Assert.Equal("A-17", stored.UserData["orderId"]);
        Assert.DoesNotContain(token, stored.AccessTokenHash);
    }

    [Fact]
    public async Task AScheduledCallbackWaitsForItsTime()
    {
        var service = await ServiceAsync();
        using var client = portal.Host.NewClient();
        var desired = DateTimeOffset.UtcNow.AddDays(1);

        var response = await client.Http.PostAsJsonAsync($"/api/v1/services/{service}/callbacks", new { phoneNumber = "+442079460958", desiredTime = desired });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Scheduled", created.RootElement.GetProperty("state").GetString());
        Assert.Equal(desired.ToUnixTimeSeconds(), created.RootElement.GetProperty("desiredTime").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task AnIdWithoutItsTokenRevealsNothing()
    {
        var service = await ServiceAsync();
        using var client = portal.Host.NewClient();
        var response = await client.Http.PostAsJsonAsync($"/api/v1/services/{service}/callbacks", new { phoneNumber = "+12025550143" });
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetGuid();

        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/callbacks/{id}");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        var guessed = await client.Http.SendAsync(wrong);
        var bare = await client.GetAsync($"/api/v1/callbacks/{id}");
        var unknown = await client.GetAsync($"/api/v1/callbacks/{Guid.NewGuid()}");

        foreach (var r in new[] { guessed, bare, unknown })
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("not-found", await CodeAsync(r));
        }
    }

    [Theory]
    [InlineData("{\"phoneNumber\":\"12\"}", HttpStatusCode.BadRequest, "number-not-possible")]
    [InlineData("{\"phoneNumber\":\"not a number\"}", HttpStatusCode.BadRequest, "invalid-phone-number")]
    [InlineData("{\"phoneNumber\":\"+12025550143\",\"email\":\"nope\"}", HttpStatusCode.BadRequest, "validation-failed")]
    [InlineData("{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"2001-01-01T00:00:00Z\"}", HttpStatusCode.BadRequest, "validation-failed")]
    [InlineData("{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"2099-01-01T00:00:00Z\"}", HttpStatusCode.BadRequest, "outside-horizon")]
    [InlineData("{\"phoneNumber\": ", HttpStatusCode.BadRequest, "validation-failed")]
    [InlineData("{\"phoneNumber\": 42}", HttpStatusCode.BadRequest, "validation-failed")]
    public async Task BadInputGetsAProblemWithAStableCode(string json, HttpStatusCode status, string code)
    {
        var service = await ServiceAsync();
        using var client = portal.Host.NewClient();

        var response = await client.Http.PostAsync($"/api/v1/services/{service}/callbacks", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await CodeAsync(response));
    }

    [Fact]
    public async Task AnUnknownServiceOrAClosedOneIsRefusedByName()
    {
        var closed = await ServiceAsync(s => s.Schedule = new ServiceSchedule { TimeZone = "UTC" });
        using var client = portal.Host.NewClient();

        var unknown = await client.Http.PostAsJsonAsync("/api/v1/services/no-such-service/callbacks", new { phoneNumber = "+12025550143" });
        var shut = await client.Http.PostAsJsonAsync($"/api/v1/services/{closed}/callbacks", new { phoneNumber = "+12025550143" });

        Assert.Equal((HttpStatusCode.NotFound, "unknown-service"), (unknown.StatusCode, await CodeAsync(unknown)));
        Assert.Equal((HttpStatusCode.Conflict, "office-closed"), (shut.StatusCode, await CodeAsync(shut)));
    }

    private static Task<string?> CodeAsync(HttpResponseMessage response) => ApiServices.CodeAsync(response);
}
