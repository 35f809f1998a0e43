using System.Net;
using CallbackPortal.Telephony;
using CallbackPortal.Telephony.Simulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Telephony;

/// <summary>
/// The whole app as <c>dotnet run</c> composes it, on a real socket: the default provider is the simulator, reached
/// over HTTP at the app's own address, and its signed callbacks pass the full request pipeline.
/// </summary>
[Collection("Portal")]
public sealed class TelephonyInTheAppTests : IAsyncLifetime
{
    private readonly string database = Path.Combine(Path.GetTempPath(), $"callbackportal-telephony-{Guid.NewGuid():N}.db");
    private readonly RecordingEngine engine = new();
    private WebApplicationFactory<Program> factory = null!;
    private string address = null!;

    public Task InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Jobs:ServerEnabled", "false");
            builder.UseSetting("ConnectionStrings:DefaultConnection", $"Data Source={database}");
            builder.UseSetting("Telephony:Simulator:RingSeconds", "0");
            builder.UseSetting("Telephony:Simulator:TalkSeconds", "0");
            builder.ConfigureTestServices(services => services.AddRecordingEngine(engine));
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        // Hangfire keeps its log provider in a static that now points at this host's disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ACallbackCallRunsThroughTheSimulatorAndBackIntoTheEngine()
    {
        var consumer = "+15550007777";
        factory.Services.GetRequiredService<CarrierSimulator>().Script(consumer, SimulatedOutcome.Person);
        var attempt = Guid.NewGuid();

        var result = await factory.Services.GetRequiredService<ITelephonyProvider>()
            .OriginateAsync(new OriginateRequest(attempt, $"attempt-{attempt:N}", consumer, "+15005550006", true, 30), CancellationToken.None);
        await engine.WaitForStageAsync(attempt, CallStage.Completed);

        Assert.True(result.Accepted, result.Error);
        Assert.Contains(engine.Progress, p => p.Progress is { Stage: CallStage.Answered, AnsweredBy: AnsweredBy.Person });
        Assert.True(Assert.Single(engine.Bridges).Result.Connected);
        Assert.Equal(1, factory.Services.GetRequiredService<CarrierSimulator>().Ledger.CallsPlaced($"attempt-{attempt:N}"));
    }

    [Fact]
    public async Task AnUnsignedStatusCallbackIsForbiddenNotRedirected()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

        using var response = await client.PostAsync($"/telephony/twilio/status/{Guid.NewGuid()}",
            new FormUrlEncodedContent([new("CallSid", "CA1"), new("CallStatus", "completed")]));

        await TelephonyEndpointsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid-signature");
        Assert.Empty(engine.Events);
    }
}
