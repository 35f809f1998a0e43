using System.Net;
using System.Net.Sockets;
using CallbackPortal.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>
/// The whole app on a real loopback port over its own temporary SQLite file: real Identity, real
/// authorization, real Hangfire (only when asked, since Hangfire keeps static state).
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly bool ownsDatabase;
    private readonly string environment;
    private readonly CapturedLog? log;

    /// <param name="log">Also sends the app's log there (the bad-input corpus reads the errors it logged).</param>
    public PortalHost(bool jobServer = false, string? databasePath = null, IDictionary<string, string?>? settings = null, string environment = "Testing", CapturedLog? log = null)
    {
        this.environment = environment;
        this.log = log;
        ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? TempFiles.NewDatabasePath();
        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:DefaultConnection"] = $"Data Source={DatabasePath}",
            ["Jobs:ServerEnabled"] = jobServer ? "true" : "false",
            ["Logging:Console:FormatterName"] = "simple",
            // Test clients speak plain HTTP to 127.0.0.1, and HttpClient's cookie container never sends a Secure cookie over it.
            ["Security:LoopbackHttpCookies"] = "true",
            // Every test signs in from 127.0.0.1; the per-address limit has tests of its own.
            ["Security:SignInAttemptsPerAddress"] = "1000000",
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("PORTAL_TEST_LOGLEVEL") ?? "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
        UseKestrel(FreePort());
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
    }

    public string DatabasePath { get; }

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (log is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(log));
        }
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, so tests see every 302.</summary>
    public PortalClient NewClient() => new(BaseAddress);

    public async Task<PortalClient> LoginAsync(string email, string password)
    {
        var client = NewClient();
        var response = await client.LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task CreateUserAsync(string email, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(new NewUser(email, email, password, roles));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Hangfire keeps its log provider in a static that now points at this host's disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        if (ownsDatabase)
        {
            TempFiles.DeleteDatabase(DatabasePath);
        }
    }
}
