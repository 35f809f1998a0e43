using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CallbackPortal.Telephony.Simulator;
using CallbackPortal.Tests.ScaleOut;

namespace CallbackPortal.Tests.Reliability;

/// <summary>What became of one create request.</summary>
public enum RequestOutcome
{
    /// <summary>On its way; no answer yet.</summary>
    Sending,
    /// <summary>201: the app says it is stored.</summary>
    Created,
    /// <summary>Sent, and the answer was lost with the process: it may or may not be stored.</summary>
    Unknown,
    /// <summary>The connection was refused: the app never saw it.</summary>
    NotDelivered,
    /// <summary>Any answer but 201.</summary>
    Refused,
}

/// <summary>One create sent through the public API: its own number, body and Idempotency-Key, and what came back.</summary>
public sealed class LoadRequest(int index, string phoneNumber, DateTimeOffset? desiredTime, string body)
{
    public int Index { get; } = index;
    public string PhoneNumber { get; } = phoneNumber;
    public DateTimeOffset? DesiredTime { get; } = desiredTime;
    public string Body { get; } = body;
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString("N");
    public RequestOutcome Outcome { get; set; }
    public int? Status { get; set; }
    /// <summary>When the answer came.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>The 201's body: id, accessToken, state, desiredTime.</summary>
    public JsonElement? Created { get; set; }
    /// <summary>Only for <see cref="RequestOutcome.Unknown"/> requests: whether the lost request had been stored when the load stopped.</summary>
    public bool StoredBeforeRetry { get; set; }
    /// <summary>Only for <see cref="RequestOutcome.Unknown"/> requests sent again after the last restart: how the retry was answered.</summary>
    public string? Retry { get; set; }
}

/// <summary>
/// Creates callbacks through the public API of whichever app process is up, a few requests in flight with random pauses,
/// each for a number of its own (so a stored row can be found by number even when its 201 was lost), some as soon as
/// possible and some a few seconds ahead; some numbers are scripted busy or unanswered the first time (a retry).
/// While the app is down the creators wait for <see cref="Resume"/>.
/// </summary>
public sealed class CrashLoad(SharedCarrier carrier, int seed, int creators) : IDisposable
{
    public const string FirstName = "Crash";

    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<LoadRequest> requests = [];
    private readonly CancellationTokenSource stop = new();
    private TaskCompletionSource<Uri> target = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task running = Task.CompletedTask;
    private int inFlight;
    private int answered;

    /// <summary>Creates sent and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Creates answered so far (any status).</summary>
    public int Answered => Volatile.Read(ref answered);

    public IReadOnlyList<LoadRequest> Requests { get { lock (requests) { return [.. requests]; } } }

    /// <summary>The i-th consumer number: distinct for the first 36,000 requests.</summary>
    public static string Number(int i) => string.Create(CultureInfo.InvariantCulture, $"+1202{555 + i / 9000}{1000 + i % 9000:0000}");

    public void Start() => running = Task.WhenAll(Enumerable.Range(0, creators).Select(c => CreateLoopAsync(new Random(seed * 31 + c))));

    /// <summary>The app answers at <paramref name="app"/>: creators go on.</summary>
    public void Resume(Uri app) => target.TrySetResult(app);

    /// <summary>The app is down: creators wait before their next request.</summary>
    public void Pause()
    {
        if (target.Task.IsCompleted)
        {
            target = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        target.TrySetCanceled();
        await running;
    }

    /// <summary>Sends every request whose answer was lost again, with its key and body, as a client would; notes how it was answered.</summary>
    public async Task RetryUnknownAsync(Uri app)
    {
        foreach (var request in Requests.Where(r => r.Outcome == RequestOutcome.Unknown))
        {
            using var response = await SendAsync(app, request, CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync();
            request.Retry = response.StatusCode == HttpStatusCode.Created
                ? response.Headers.Contains("Idempotent-Replayed") ? "replayed" : "created"
                : $"{(int)response.StatusCode} {TryCode(body)}";
            if (response.StatusCode == HttpStatusCode.Created)
            {
                request.Created = JsonDocument.Parse(body).RootElement.Clone();
            }
        }
    }

    public void Dispose()
    {
        http.Dispose();
        stop.Dispose();
    }

    private async Task CreateLoopAsync(Random random)
    {
        while (!stop.IsCancellationRequested)
        {
            Uri app;
            try
            {
                app = await target.Task.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await CreateAsync(app, Next(random));
            try
            {
                // Load shaping, not waiting for anything: a steady trickle of creates.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(100, 600)), stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private LoadRequest Next(Random random)
    {
        lock (requests)
        {
            var i = requests.Count;
            var number = Number(i);
            DateTimeOffset? desired = random.Next(3) == 0 ? DateTimeOffset.UtcNow.AddSeconds(random.Next(3, 12)) : null;
            var body = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["phoneNumber"] = number,
                ["desiredTime"] = desired?.ToString("O", CultureInfo.InvariantCulture),
                ["firstName"] = FirstName,
                ["lastName"] = $"No {i}",
                ["notes"] = $"crash run {seed}, request {i}",
                ["userData"] = new Dictionary<string, string> { ["request"] = i.ToString(CultureInfo.InvariantCulture) },
            });
            // Every fifth number is busy the first time and every seventh does not answer: their callbacks are retried.
            if (i % 5 == 1)
            {
                carrier.Simulator.Script(number, SimulatedOutcome.Busy);
            }
            else if (i % 7 == 3)
            {
                carrier.Simulator.Script(number, SimulatedOutcome.NoAnswer);
            }
            var request = new LoadRequest(i, number, desired, body);
            requests.Add(request);
            return request;
        }
    }

    private async Task CreateAsync(Uri app, LoadRequest request)
    {
        Interlocked.Increment(ref inFlight);
        try
        {
            using var response = await SendAsync(app, request, CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync();
            request.Status = (int)response.StatusCode;
            request.AnsweredAt = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref answered);
            request.Outcome = response.StatusCode == HttpStatusCode.Created ? RequestOutcome.Created : RequestOutcome.Refused;
            if (request.Outcome == RequestOutcome.Created)
            {
                request.Created = JsonDocument.Parse(body).RootElement.Clone();
            }
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            request.Outcome = RequestOutcome.NotDelivered;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
        {
            // The process died with the request (or with the answer half written).
            request.Outcome = RequestOutcome.Unknown;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri app, LoadRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(app, $"/api/v1/services/{ScaleOutCluster.ServiceKey}/callbacks"))
        {
            Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        return await http.SendAsync(message, ct);
    }

    private static string TryCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
