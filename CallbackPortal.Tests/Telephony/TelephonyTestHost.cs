using CallbackPortal.Hosting;
using CallbackPortal.Telephony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallbackPortal.Tests.Telephony;

/// <summary>
/// The narrowest host that runs the telephony slice for real: Kestrel on a free loopback port, the app's own
/// <c>AddPortalTelephony</c> and <c>MapTelephonyEndpoints</c>, and whatever the test adds (usually a <see cref="RecordingEngine"/>).
/// </summary>
internal sealed class TelephonyTestHost : IAsyncDisposable
{
    public const string AuthToken = "test-auth-token";
    public const string PublicBaseUrl = "https://portal.example.com";

    private TelephonyTestHost(WebApplication app, string address)
    {
        App = app;
        Address = address;
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    /// <summary>Where the host really listens (http://127.0.0.1:port).</summary>
    public string Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Settings for the Twilio provider behind a proxy: the provider signs for <see cref="PublicBaseUrl"/>.</summary>
    public static Dictionary<string, string?> TwilioSettings(string baseUrl = "http://127.0.0.1:1") => new()
    {
        ["Telephony:Provider"] = "Twilio",
        ["Telephony:BaseUrl"] = baseUrl,
        ["Telephony:AccountSid"] = "AC00000000000000000000000000000001",
        ["Telephony:AuthToken"] = AuthToken,
        ["Telephony:CallerId"] = "+15005550006",
        ["Telephony:PublicBaseUrl"] = PublicBaseUrl,
        ["Telephony:RequestTimeoutSeconds"] = "1",
    };

    /// <summary>Settings for the built-in simulator with no waiting, reached at the host's own address.</summary>
    public static Dictionary<string, string?> SimulatorSettings() => new()
    {
        ["Telephony:Provider"] = "Simulator",
        ["Telephony:Simulator:RingSeconds"] = "0",
        ["Telephony:Simulator:TalkSeconds"] = "0",
        ["Telephony:Simulator:AgentAnswerRate"] = "1",
    };

    public static async Task<TelephonyTestHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddProblemDetails();
        services?.Invoke(builder.Services);
        builder.AddPortalTelephony();
        var app = builder.Build();
        app.MapTelephonyEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TelephonyTestHost(app, address);
    }

    /// <summary>A form POST to a telephony path, signed the way Twilio signs it (for the public URL) unless told otherwise.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? signature = null, bool sign = true)
    {
        var list = fields.ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(list) };
        if (sign)
        {
            request.Headers.Add(TwilioSignature.HeaderName, signature ?? TwilioSignature.Compute(AuthToken, PublicBaseUrl + path, list));
        }
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
