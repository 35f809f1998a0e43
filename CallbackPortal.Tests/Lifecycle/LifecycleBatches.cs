using System.Text;
using System.Text.Json;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>Builds lifecycle batches as the widget sends them, and posts them the way a browser or a server would.</summary>
public static class LifecycleBatches
{
    public static string NewSession() => "w-" + Guid.NewGuid().ToString("N");

    public static object Event(string name, string service, string session, DateTimeOffset at, object? metadata = null, string? callbackId = null) =>
        new { @event = name, service, sessionId = session, callbackId, timestamp = at.ToString("O"), metadata };

    public static string Json(params object[] events) => JsonSerializer.Serialize(events);

    /// <param name="origin">The page's Origin header; null for a server-to-server call.</param>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string json, string? origin = null, string? service = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, service is null ? "/api/v1/lifecycle" : $"/api/v1/lifecycle?service={service}")
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }
        return await http.SendAsync(request);
    }

    public static async Task<IReadOnlyDictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ApiServices.JsonAsync(response);
        return problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray())
            : new Dictionary<string, string[]>();
    }
}
