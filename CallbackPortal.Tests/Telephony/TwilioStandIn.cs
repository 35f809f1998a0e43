using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallbackPortal.Tests.Telephony;

/// <summary>A request as the stand-in received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Form, IHeaderDictionary Headers)
{
    public string? Field(string name) => Form.Where(f => f.Key == name).Select(f => f.Value).FirstOrDefault();

    public IEnumerable<string> Fields(string name) => Form.Where(f => f.Key == name).Select(f => f.Value);
}

/// <summary>
/// A local HTTP stand-in for Twilio's REST API: a tiny Kestrel app on a free loopback port that records each request
/// and answers with whatever the test sets in <see cref="Respond"/>.
/// </summary>
internal sealed class TwilioStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private TwilioStandIn(WebApplication app, string address)
    {
        this.app = app;
        BaseUrl = address;
    }

    public string BaseUrl { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public Func<RecordedRequest, HttpContext, Task> Respond { get; set; } = (_, context) => Json(context, 201, """{"sid":"CA0001","status":"queued"}""");

    public static async Task<TwilioStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TwilioStandIn? standIn = null;
        app.Run(async context =>
        {
            var form = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync()).SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList()
                : [];
            // Kestrel reuses the request's header collection: keep a copy.
            var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
            var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", form, headers);
            standIn!.requests.Enqueue(recorded);
            await standIn.Respond(recorded, context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn = new TwilioStandIn(app, address);
        return standIn;
    }

    public static async Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
