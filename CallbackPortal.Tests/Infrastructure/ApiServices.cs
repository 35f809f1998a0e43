using System.Net.Http.Json;
using System.Text.Json;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>Services made for API tests (a fresh key each), and small readers of API answers.</summary>
public static class ApiServices
{
    /// <summary>An always-open service nobody can take calls for (so callbacks stay queued), CAPTCHA off, US and GB numbers permitted.</summary>
    public static async Task<CallbackService> CreateAsync(PortalHost host, Action<CallbackService>? configure = null)
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(),
            Key = "api-" + Guid.NewGuid().ToString("N")[..10],
            Name = "API test",
            CallerId = "+12025550100",
            RequiredSkills = [new RequiredSkill { Skill = "nobody-has-this" }],
            Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            Captcha = new CaptchaSettings { Provider = CaptchaProvider.Off },
            CreatedAt = DateTimeOffset.UtcNow,
        };
        service.Rules.PermittedCountries = ["US", "GB"];
        configure?.Invoke(service);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    /// <summary>A service named <paramref name="name"/> (as <see cref="CreateAsync"/>) with one callback queued through the public API.</summary>
    public static async Task<(CallbackService Service, Guid CallbackId)> CreateWithCallbackAsync(PortalHost host, string name, string phone)
    {
        var service = await CreateAsync(host, s => s.Name = name);
        using var client = host.NewClient();
        var response = await CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = phone });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (service, (await JsonAsync(response)).GetProperty("id").GetGuid());
    }

    public static async Task<AppDbContext> DbAsync(PortalHost host) =>
        await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static Task<HttpResponseMessage> CreateCallbackAsync(HttpClient http, string service, object body) =>
        http.PostAsJsonAsync($"/api/v1/services/{service}/callbacks", body);

    /// <summary>Posts a create with the body exactly as given and the headers as given (no validation of their values).</summary>
    public static async Task<HttpResponseMessage> CreateCallbackAsync(HttpClient http, string service, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/{service}/callbacks")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await http.SendAsync(request);
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="limit"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        return await condition();
    }
}
