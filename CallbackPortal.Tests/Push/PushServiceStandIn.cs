using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CallbackPortal.Data;
using CallbackPortal.Push;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Telephony;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Push;

/// <summary>A message as a browser's push service received it, decrypted with the subscriber's key.</summary>
internal sealed record ReceivedPush(string Path, DateTimeOffset At, IHeaderDictionary Headers, byte[] Body);

/// <summary>
/// A browser push service on a loopback port (the Twilio stand-in's tiny Kestrel app): records each message with its body
/// and answers 201, or what <see cref="Answer"/> says for a path.
/// </summary>
internal sealed class PushServiceStandIn : IAsyncDisposable
{
    private readonly TwilioStandIn server;
    private readonly ConcurrentQueue<ReceivedPush> received = new();

    private PushServiceStandIn(TwilioStandIn server) => this.server = server;

    /// <summary>Status and Retry-After (seconds) for a message to a path; 201 when null.</summary>
    public Func<string, (int Status, int? RetryAfter)?> Answer { get; set; } = _ => null;

    public IReadOnlyList<ReceivedPush> Received => [.. received];

    public static async Task<PushServiceStandIn> StartAsync()
    {
        var standIn = new PushServiceStandIn(await TwilioStandIn.StartAsync());
        standIn.server.Respond = async (request, context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            standIn.received.Enqueue(new ReceivedPush(request.Path, DateTimeOffset.UtcNow, request.Headers, body.ToArray()));
            var (status, retryAfter) = standIn.Answer(request.Path) ?? (201, null);
            if (retryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 201 ? "" : $"status {status}");
        };
        return standIn;
    }

    public TestSubscriber NewSubscriber() => new(server.BaseUrl + "/wpush/v2/" + Guid.NewGuid().ToString("N"));

    /// <summary>What the subscriber received, decrypted, in arrival order.</summary>
    public List<JsonNode> MessagesTo(TestSubscriber subscriber) =>
        [.. Received.Where(r => subscriber.Endpoint.EndsWith(r.Path, StringComparison.Ordinal)).Select(r => JsonNode.Parse(subscriber.Decrypt(r.Body))!)];

    public List<string> EventsTo(TestSubscriber subscriber) => [.. MessagesTo(subscriber).Select(m => m["data"]!["event"]!.GetValue<string>())];

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>Runs the notifier's job in the test host, and reads its ledger.</summary>
internal static class PushRuns
{
    public static Task ScanAsync(PortalHost host) => host.Services.GetRequiredService<PushJobs>().ScanAsync(CancellationToken.None);

    public static async Task<List<PushNotification>> LedgerAsync(PortalHost host, Guid callbackId)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.PushNotifications.AsNoTracking().Where(n => n.CallbackId == callbackId).OrderBy(n => n.Id).ToListAsync();
    }
}
