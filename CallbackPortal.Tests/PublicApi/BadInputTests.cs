using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>Malformed, hostile and absurd requests to every consumer endpoint: always a 4xx problem with a code, never a 500, never a write.</summary>
[Collection(PortalCollection.Name)]
public sealed class BadInputTests(SharedPortal portal)
{
    public static TheoryData<string> MalformedBodies => new()
    {
        "", "{", "}", "[]", "null", "42", "\"text\"", "{\"phoneNumber\":}", "{'phoneNumber':'+12025550143'}",
        "{\"phoneNumber\":42}", "{\"phoneNumber\":true}", "{\"phoneNumber\":[\"+12025550143\"]}", "{\"phoneNumber\":{\"n\":1}}",
        "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":12345}", "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"tomorrow\"}",
        "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"2026-11-25T10:00:00\"}",
        "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"0001-01-01T00:00:00+14:00\"}",
        "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"9999-12-31T23:59:59Z\"}",
        "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"2001-01-01T00:00:00Z\"}",
        "{\"phoneNumber\":\"+12025550143\",\"desiredTime\":\"2026-02-30T10:00:00Z\"}",
        "{\"phoneNumber\":\"+12025550143\",\"userData\":{\"a\":{\"b\":1}}}", "{\"phoneNumber\":\"+12025550143\",\"userData\":[1,2]}",
        "{\"phoneNumber\":\"+12025550143\",\"userData\":{\"\":\"x\"}}", "{\"phoneNumber\":\"+12025550143\",\"email\":\"not-an-email\"}",
        "{\"phoneNumber\":\"+12025550143\",\"firstName\":\"\\u0000\"}", "{\"phoneNumber\":\"+12025550143\",\"firstName\":\"\\ud800\"}",
        "{\"phoneNumber\":\"+12025550143\",\"notes\":\"a\\udc00b\"}",
        "{\"phoneNumber\":\"+12025550143\",\"userData\":{\"page\":\"\\ud800\"}}", "{\"phoneNumber\":\"+12025550143\",\"push\":{\"fcm\":{\"token\":\"\\udc00\"}}}", "{\"phoneNumber\":\"+12025550143\",\"language\":\"<script>\"}",
        "{\"phoneNumber\":\"+12025550143\",\"firstName\":" + new string('"', 1) + new string('x', 101) + "\"}",
        "{\"phoneNumber\":\"\"}", "{\"phoneNumber\":\"   \"}", "{\"phoneNumber\":\"+\"}", "{\"phoneNumber\":\"+999999999999\"}",
        "{\"phoneNumber\":\"12\"}", "{\"phoneNumber\":\"call me maybe\"}", "{\"phoneNumber\":\"+1202555014312345678901234567890123456789\"}",
        "{\"phoneNumber\":\"+1900 555 0143\"}",
        Deep(100), Deep(20),
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task AMalformedCreateIsA4xxProblemAndStoresNothing(string body)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();

        var response = await client.Http.PostAsync($"/api/v1/services/{service.Key}/callbacks", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task InvalidUtf8AHugeBodyAndTheWrongMediaTypeAreRefused()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var path = $"/api/v1/services/{service.Key}/callbacks";
        var invalidUtf8 = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"phoneNumber\":\"+1202555014"), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\"}")]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var huge = new StringContent("{\"phoneNumber\":\"+12025550143\",\"notes\":\"" + new string('x', 200_000) + "\"}", Encoding.UTF8, "application/json");
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["phoneNumber"] = "+12025550143" });
        var text = new StringContent("{\"phoneNumber\":\"+12025550143\"}", Encoding.UTF8, "text/plain");

        var responses = new[]
        {
            await client.Http.PostAsync(path, invalidUtf8), await client.Http.PostAsync(path, huge),
            await client.Http.PostAsync(path, form), await client.Http.PostAsync(path, text),
        };

        foreach (var response in responses)
        {
            await AssertProblemAsync(response);
        }
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, responses[1].StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, responses[2].StatusCode);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task NumbersInOddFormatsAreNormalisedToE164()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Rules.DuplicateCheck = CallbackPortal.Rules.DuplicateCheck.Off);
        using var client = portal.Host.NewClient();

        foreach (var input in new[] { "(202) 555-0143", "202.555.0143", "+1 202 555 0143", "1-202-555-0143", "+1-202-555-0143", "２０２５５５０１４３" })
        {
            var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = input });
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{input}: {await response.Content.ReadAsStringAsync()}");
        }

        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.All(await db.Callbacks.Where(c => c.ServiceId == service.Id).Select(c => c.PhoneNumber).ToListAsync(), n => Assert.Equal("+12025550143", n));
    }

    [Fact]
    public async Task ScriptsInTextFieldsAreStoredAsTheTextTheyAre()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        const string script = "<script>alert('x')</script>";

        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key,
            new { phoneNumber = "+12025550143", firstName = script, notes = "a\nb " + script, userData = new Dictionary<string, object> { ["page"] = script, ["qty"] = 3, ["vip"] = true } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await ApiServices.JsonAsync(response)).GetProperty("id").GetGuid();
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.Callbacks.SingleAsync(c => c.Id == id);
        Assert.Equal(script, stored.FirstName);
        Assert.Equal(script, stored.UserData["page"]);
        Assert.Equal(("3", "true"), (stored.UserData["qty"], stored.UserData["vip"]));
    }

    [Theory]
    [InlineData("GET", "/api/v1/services/no-such-service/status")]
    [InlineData("GET", "/api/v1/services/no-such-service/availability")]
    [InlineData("GET", "/api/v1/services/no-such-service/form")]
    [InlineData("POST", "/api/v1/services/no-such-service/callbacks")]
    [InlineData("GET", "/api/v1/captcha/challenge")]
    [InlineData("GET", "/api/v1/captcha/challenge?service=no-such-service")]
    [InlineData("GET", "/api/v1/callbacks/not-a-guid")]
    [InlineData("GET", "/api/v1/callbacks/00000000-0000-0000-0000-000000000000")]
    [InlineData("PATCH", "/api/v1/callbacks/00000000-0000-0000-0000-000000000000")]
    [InlineData("DELETE", "/api/v1/callbacks/00000000-0000-0000-0000-000000000000")]
    [InlineData("PUT", "/api/v1/callbacks/00000000-0000-0000-0000-000000000000")]
    [InlineData("GET", "/api/v1/services/x/availability?days=abc")]
    [InlineData("GET", "/api/v1/services/x/availability?maxSlots=99999999999999999999")]
    public async Task UnknownThingsAndWrongShapesAreProblemsToo(string method, string path)
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("{\"phoneNumber\":\"+12025550143\"}", Encoding.UTF8, "application/json");
        }
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('t', 5000));

        await AssertProblemAsync(await client.Http.SendAsync(request));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(await ApiServices.CodeAsync(response)), body);
    }

    private static string Deep(int depth) =>
        "{\"phoneNumber\":\"+12025550143\",\"userData\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}";
}
