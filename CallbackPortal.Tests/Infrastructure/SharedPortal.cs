using CallbackPortal.Access;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>
/// One running app with the Hangfire server, shared by the tests of the "Portal" collection, with a user per role.
/// Tests that need an empty database or a different configuration start their own <see cref="PortalHost"/> (without a job server).
/// </summary>
public sealed class SharedPortal : IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    public PortalHost Host { get; private set; } = default!;

    public static string EmailFor(string role) => $"{role.ToLowerInvariant()}@example.test";

    public async Task InitializeAsync()
    {
        Host = new PortalHost(jobServer: true, settings: new Dictionary<string, string?>
        {
            // Calls through the built-in simulator complete at once; outcomes are scripted per number by the tests.
            ["Telephony:Simulator:RingSeconds"] = "0",
            ["Telephony:Simulator:TalkSeconds"] = "1",
            // Every test calls from the same loopback address; the rate limit has its own tests with their own host.
            ["PublicApi:RateLimitPermits"] = "1000000",
        });
        foreach (var role in Roles.All)
        {
            await Host.CreateUserAsync(EmailFor(role), Password, role);
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public Task<PortalClient> LoginAsAsync(string role) => Host.LoginAsync(EmailFor(role), Password);
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<SharedPortal>
{
    public const string Name = "Portal";
}
