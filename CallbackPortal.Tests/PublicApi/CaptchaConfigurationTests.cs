using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Integration;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>The CAPTCHA settings page: validated before saving, the secret write-only (stored protected, shown masked, kept unless replaced).</summary>
public sealed class CaptchaConfigurationTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private Guid serviceId;
    private readonly SecretProtector secrets = new(DataProtectionProvider.Create("captcha-configuration-tests"), NullLogger<SecretProtector>.Instance);

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        serviceId = Guid.NewGuid();
        await using var db = database.CreateDbContext();
        db.CallbackServices.Add(new CallbackService { Id = serviceId, Key = "support", Name = "Support" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AThirdPartyProviderNeedsItsKeysAndItsSecretIsStoredProtectedAndShownMasked()
    {
        var configuration = new CaptchaConfiguration(database, secrets, new AuditLog(TimeProvider.System));
        var form = (await configuration.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        Assert.Equal(CaptchaProvider.ProofOfWork, form.Provider);

        form.Provider = CaptchaProvider.ReCaptchaV3;
        var missing = await configuration.SaveAsync(PortalActor.System, serviceId, form, null, CancellationToken.None);
        form.SiteKey = "site-key-abc";
        var saved = await configuration.SaveAsync(PortalActor.System, serviceId, form, "6LeSecretValue-1234", CancellationToken.None);
        var reloaded = (await configuration.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        reloaded.MinScore = 0.7;
        var keptSecret = await configuration.SaveAsync(PortalActor.System, serviceId, reloaded, "  ", CancellationToken.None);

        Assert.Contains("SiteKey", missing.Keys);
        Assert.Empty(saved);
        Assert.Empty(keptSecret);
        Assert.EndsWith("1234", reloaded.SecretMask);
        Assert.DoesNotContain("6LeSecretValue", reloaded.SecretMask);
        await using var db = database.CreateDbContext();
        var stored = (await db.CallbackServices.SingleAsync()).Captcha;
        Assert.Equal((CaptchaProvider.ReCaptchaV3, 0.7), (stored.Provider, stored.MinScore));
        Assert.DoesNotContain("6LeSecretValue", stored.SecretProtected);
        Assert.Equal("6LeSecretValue-1234", secrets.Unprotect(stored.SecretProtected));
        var audit = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal((AuditAreas.Features, "support", serviceId), (e.Area, e.Target, (Guid)e.ServiceId!)));
        Assert.DoesNotContain("6LeSecretValue", string.Join("", audit.Select(e => e.Changes)));
        Assert.Contains(AuditChanges.FromJson(audit[0].Changes), c => c.Field == "captcha.secretProtected" && c.After == AuditChanges.Masked);
        Assert.Contains(AuditChanges.FromJson(audit[1].Changes), c => c.Field == "captcha.minScore" && c.Before == "0.5" && c.After == "0.7");
    }

    [Fact]
    public async Task ASaveBasedOnAnOlderReadIsRefusedAndKeepsTheOtherChange()
    {
        var configuration = new CaptchaConfiguration(database, secrets, new AuditLog(TimeProvider.System));
        var first = (await configuration.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        var second = (await configuration.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        first.ProofOfWorkMaxNumber = 200_000;
        second.ProofOfWorkMaxNumber = 300_000;

        Assert.Empty(await configuration.SaveAsync(PortalActor.System, serviceId, first, null, CancellationToken.None));
        var refused = await configuration.SaveAsync(PortalActor.System, serviceId, second, null, CancellationToken.None);

        Assert.Equal(ServiceEdits.ChangedMeanwhile, Assert.Single(refused[""]));
        await using var db = database.CreateDbContext();
        Assert.Equal(200_000, (await db.CallbackServices.SingleAsync()).Captcha.ProofOfWorkMaxNumber);
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task AUserLimitedToOtherServicesNeitherSeesNorChangesThisOne()
    {
        var configuration = new CaptchaConfiguration(database, secrets, new AuditLog(TimeProvider.System));
        var limited = new PortalActor("someone", "someone@example.com", new ServiceScope(new HashSet<Guid> { Guid.NewGuid() }));
        var form = (await configuration.LoadAsync(PortalActor.System, serviceId, CancellationToken.None))!;
        form.ProofOfWorkMaxNumber = 200_000;

        Assert.Empty(await configuration.ServicesAsync(limited, CancellationToken.None));
        Assert.Null(await configuration.LoadAsync(limited, serviceId, CancellationToken.None));
        Assert.NotEmpty(await configuration.SaveAsync(limited, serviceId, form, null, CancellationToken.None));
        await using var db = database.CreateDbContext();
        Assert.NotEqual(200_000, (await db.CallbackServices.SingleAsync()).Captcha.ProofOfWorkMaxNumber);
    }

    [Fact]
    public async Task ThePageRefusesAnImpossibleDifficultyAndSavesASensibleOne()
    {
        await using var context = PortalPages.For(database, s => s.AddSingleton(secrets).AddSingleton<CaptchaConfiguration>()
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new CaptchaOptions())).AddTransient(_ => new SiteVerifyClient(new HttpClient())).AddTransient<CaptchaKeyCheck>());

        var page = context.Render<CaptchaPage>();
        page.WaitForAssertion(() => Assert.Contains("Difficulty", page.Markup));
        var difficulty = page.FindAll("input").First(i => i.GetAttribute("value") == "100000");
        difficulty.Change("5");
        page.Find("[data-testid=captcha-save]").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain("captcha-saved", page.Markup));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(100_000, (await db.CallbackServices.SingleAsync()).Captcha.ProofOfWorkMaxNumber);
        }

        page.FindAll("input").First(i => i.GetAttribute("value") == "5").Change("50000");
        page.Find("[data-testid=captcha-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("Saved.", page.Markup));
        await using var check = database.CreateDbContext();
        Assert.Equal(50_000, (await check.CallbackServices.SingleAsync()).Captcha.ProofOfWorkMaxNumber);
    }
}
