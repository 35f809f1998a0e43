using CallbackPortal.Telephony.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.ScaleOut;

/// <summary>
/// What sits outside the nodes of a cluster, hosted in the test process on one loopback port:
/// <list type="bullet">
/// <item>ONE carrier for every node: the app's own carrier simulator (Twilio's Calls API under
/// <see cref="CarrierSimulatorApi.Prefix"/>, its ledger of calls by idempotency key), so a call placed twice by two
/// nodes shows in one ledger;</item>
/// <item>the load balancer in front of the nodes: every other request (the carrier's status callbacks and
/// instruction fetches, which the nodes address to <c>Telephony:PublicBaseUrl</c> = this address) goes to the next
/// live node in turn, and to the one after it when a node does not answer (a killed node), as a proxy would.</item>
/// </list>
/// </summary>
public sealed class SharedCarrier : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient forward = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Lock gate = new();
    private readonly List<Uri> nodes = [];
    private int next;
    private int retried;
    private int unanswered;

    private SharedCarrier(WebApplication app)
    {
        this.app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var credentials = app.Services.GetRequiredService<CarrierSimulatorCredentials>();
        AccountSid = credentials.AccountSid;
        AuthToken = credentials.AuthToken;
        Ledger = app.Services.GetRequiredService<CarrierSimulatorLedger>();
        Simulator = app.Services.GetRequiredService<CarrierSimulator>();
    }

    /// <summary>The nodes' <c>Telephony:PublicBaseUrl</c> (the balancer).</summary>
    public string BaseUrl { get; }

    /// <summary>The nodes' <c>Telephony:BaseUrl</c> (the carrier's REST API).</summary>
    public string ApiBaseUrl => BaseUrl + CarrierSimulatorApi.Prefix;

    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>Every call placed, by idempotency key, whichever node asked.</summary>
    public CarrierSimulatorLedger Ledger { get; }

    /// <summary>The carrier itself, for scripting what the next calls to a number do (busy, no answer, …).</summary>
    public CarrierSimulator Simulator { get; }

    /// <summary>The settings that make an app node dial through this carrier and take its status callbacks through the balancer.</summary>
    public IReadOnlyDictionary<string, string> NodeSettings => new Dictionary<string, string>
    {
        ["Telephony__Provider"] = "Twilio",
        ["Telephony__BaseUrl"] = ApiBaseUrl,
        ["Telephony__AccountSid"] = AccountSid,
        ["Telephony__AuthToken"] = AuthToken,
        ["Telephony__CallerId"] = "+12025550100",
        ["Telephony__PublicBaseUrl"] = BaseUrl,
        ["Telephony__RequestTimeoutSeconds"] = "30",
    };

    /// <summary>Requests the balancer sent again to another node because the first did not answer.</summary>
    public int Retried => Volatile.Read(ref retried);

    /// <summary>Requests no node answered (503 to the carrier).</summary>
    public int Unanswered => Volatile.Read(ref unanswered);

    /// <summary>Every call is answered by a person and bridged to the agent; rings and talks for the given seconds.</summary>
    public static async Task<SharedCarrier> StartAsync(int ringSeconds = 0, int talkSeconds = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new CarrierSimulatorOptions
        {
            AnswerRate = 1, BusyRate = 0, NoAnswerRate = 0, MachineRate = 0, AgentAnswerRate = 1,
            RingSeconds = ringSeconds, TalkSeconds = talkSeconds,
        }));
        services.AddSingleton<CarrierSimulatorCredentials>();
        services.AddSingleton<CarrierSimulatorLedger>();
        services.AddSingleton<CarrierSimulator>();
        services.AddSingleton<SimulatedCallScript>();
        services.AddSingleton<SimulatorWebhooks>();
        services.AddHostedService<CarrierSimulatorWorker>();
        services.AddHttpClient(SimulatorWebhooks.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(60));
        var app = builder.Build();
        app.MapCarrierSimulator();
        SharedCarrier? carrier = null;
        app.Map("/{**path}", (HttpContext context) => carrier!.ForwardAsync(context));
        await app.StartAsync();
        carrier = new SharedCarrier(app);
        return carrier;
    }

    /// <summary>The node takes its share of the balancer's traffic.</summary>
    public void AddNode(Uri node)
    {
        lock (gate)
        {
            nodes.Add(node);
        }
    }

    /// <summary>The balancer stops sending to the node (its health check failed).</summary>
    public void RemoveNode(Uri node)
    {
        lock (gate)
        {
            nodes.Remove(node);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
    }

    /// <summary>
    /// The node for the <paramref name="attempt"/>-th try of a request whose first try went to node <paramref name="start"/>:
    /// each retry steps to the next node of the list (with two nodes, the other one).
    /// </summary>
    private Uri? Pick(int start, int attempt)
    {
        lock (gate)
        {
            return nodes.Count == 0 ? null : nodes[(int)((uint)(start + attempt) % (uint)nodes.Count)];
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var start = Interlocked.Increment(ref next);
        for (var attempt = 0; attempt < 6; attempt++)
        {
            if (Pick(start, attempt) is not { } node)
            {
                break;
            }
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(node, context.Request.Path + context.Request.QueryString));
            if (body.Length > 0)
            {
                request.Content = new ByteArrayContent(body);
            }
            foreach (var (name, values) in context.Request.Headers)
            {
                if (name is "Host" or "Content-Length" or "Transfer-Encoding" or "Connection")
                {
                    continue;
                }
                if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }
            HttpResponseMessage response;
            try
            {
                response = await forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            catch (HttpRequestException)
            {
                // The node is gone (refused, or reset mid-request): the next one gets the request, as behind a proxy.
                Interlocked.Increment(ref retried);
                continue;
            }
            using (response)
            {
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                {
                    if (name is not ("Transfer-Encoding" or "Connection"))
                    {
                        context.Response.Headers[name] = values.ToArray();
                    }
                }
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            return;
        }
        Interlocked.Increment(ref unanswered);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }
}
