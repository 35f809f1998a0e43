using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.ClickToCall;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>Groups, access numbers, API keys and requests for the click-to-call tests on the shared portal.</summary>
public static class ClickToCallFixture
{
    public static readonly PortalActor Admin = new(null, "tests", ServiceScope.Everything);

    /// <summary>Valid US numbers picked at random, so groups of different tests never share an access number.</summary>
    public static List<string> Numbers(int count)
    {
        var numbers = new List<string>();
        while (numbers.Count < count)
        {
            var candidate = ClickToCallNumbers.ToE164($"+1202{RandomNumberGenerator.GetInt32(2_000_000, 9_999_999)}");
            if (candidate is not null && !numbers.Contains(candidate))
            {
                numbers.Add(candidate);
            }
        }
        return numbers;
    }

    public static async Task<(ClickToCallGroup Group, CallbackService Service)> GroupAsync(PortalHost host, int numbers, Action<ClickToCallGroupForm>? configure = null,
        Action<CallbackService>? service = null)
    {
        var target = await ApiServices.CreateAsync(host, service);
        var form = new ClickToCallGroupForm
        {
            Key = "c2c-" + Guid.NewGuid().ToString("N")[..10],
            Name = "App support",
            Numbers = Numbers(numbers),
            TargetServiceId = target.Id,
        };
        configure?.Invoke(form);
        var saved = await host.Services.GetRequiredService<ClickToCallGroups>().SaveAsync(Admin, form, CancellationToken.None);
        Assert.Empty(saved.Errors);
        return (saved.Group!, target);
    }

    public static async Task<HttpResponseMessage> RequestAsync(HttpClient http, string json, string? query = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/click-to-call/requests" + (query is null ? "" : "?group=" + query))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return await http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> RequestAsync(HttpClient http, ClickToCallGroup group, string? fromPhoneNumber = null) =>
        RequestAsync(http, System.Text.Json.JsonSerializer.Serialize(new { group = group.Key, fromPhoneNumber, userData = new Dictionary<string, string> { ["orderId"] = "A-17" } }));

    public static async Task<string> KeyAsync(PortalHost host, string scope) =>
        (await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(Admin,
            new ApiKeyForm { Name = "ivr " + Guid.NewGuid().ToString("N")[..8], Scopes = [scope] }, CancellationToken.None)).Key!;

    public static async Task<HttpResponseMessage> MatchAsync(HttpClient http, string? key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/click-to-call/match?" + query);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return await http.SendAsync(request);
    }
}
