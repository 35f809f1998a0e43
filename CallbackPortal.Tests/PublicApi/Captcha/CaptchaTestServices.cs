using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Hosting;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.PublicApi.Captcha;

/// <summary>
/// The CAPTCHA slice as the app registers it (<c>AddPortalCaptcha</c>) over a real SQLite database, a real Data
/// Protection key ring in a folder and a fake clock. Two instances over the same database and key folder behave
/// like two processes of one installation.
/// </summary>
internal sealed class CaptchaTestServices : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;
    private readonly bool ownsDatabase;

    private CaptchaTestServices(WebApplication app, TestDatabase database, FakeTimeProvider clock, string keyFolder, bool ownsDatabase)
    {
        this.app = app;
        this.ownsDatabase = ownsDatabase;
        Database = database;
        Clock = clock;
        KeyFolder = keyFolder;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public string KeyFolder { get; }

    public ICaptchaVerifier Verifier => app.Services.GetRequiredService<ICaptchaVerifier>();

    public ProofOfWorkChallenges ProofOfWork => app.Services.GetRequiredService<ProofOfWorkChallenges>();

    public SecretProtector Secrets => app.Services.GetRequiredService<SecretProtector>();

    public InstallationKeys Keys => app.Services.GetRequiredService<InstallationKeys>();

    public static async Task<CaptchaTestServices> CreateAsync(Dictionary<string, string?>? settings = null) =>
        Create(await TestDatabase.CreateAsync(withDefaultGrants: false), new FakeTimeProvider(Start), TempFiles.NewFolder(), settings, ownsDatabase: true);

    /// <summary>Another "process" of the same installation: same database, same key ring, same clock.</summary>
    public CaptchaTestServices Sibling() => Create(Database, Clock, KeyFolder, settings: null, ownsDatabase: false);

    public static WebApplicationBuilder Builder(IDbContextFactory<AppDbContext> database, TimeProvider clock, string keyFolder, Dictionary<string, string?>? settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(clock);
        builder.Services.AddDataProtection().SetApplicationName("CallbackPortal").PersistKeysToFileSystem(new DirectoryInfo(keyFolder));
        builder.AddPortalCaptcha();
        return builder;
    }

    private static CaptchaTestServices Create(TestDatabase database, FakeTimeProvider clock, string keyFolder, Dictionary<string, string?>? settings, bool ownsDatabase) =>
        new(Builder(database, clock, keyFolder, settings).Build(), database, clock, keyFolder, ownsDatabase);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
