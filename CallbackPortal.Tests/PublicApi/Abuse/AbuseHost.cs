using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.PublicApi.Abuse;

/// <summary>The app with its configured limits, none raised for tests (the shared portal lifts the rate limit).</summary>
public sealed class AbuseHost : IAsyncLifetime
{
    public PortalHost Host { get; private set; } = default!;

    /// <summary>What the app logged as errors while under attack (a refused attack should log none).</summary>
    public CapturedLog Log { get; } = new();

    public Task InitializeAsync()
    {
        // The test hosts lift the sign-in limit (every test signs in from 127.0.0.1); here it is the configured default.
        Host = new PortalHost(log: Log, settings: new Dictionary<string, string?>
        {
            ["Security:SignInAttemptsPerAddress"] = new CallbackPortal.Hosting.SecurityOptions().SignInAttemptsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
