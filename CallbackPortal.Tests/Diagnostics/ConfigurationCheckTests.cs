using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Diagnostics;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Push;
using CallbackPortal.Services;
using CallbackPortal.Telephony;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.Integration;
using CallbackPortal.Tests.Telephony;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using ConfigurationCheckPage = CallbackPortal.Components.Pages.Diagnostics.ConfigurationCheck;

namespace CallbackPortal.Tests.Diagnostics;

/// <summary>The configuration check: each problem found when it is there (with its severity and the page that fixes it) and not otherwise.</summary>
public sealed class ConfigurationCheckTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly SecretProtector secrets = PushTestAccount.Secrets();
    private TestDatabase database = default!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(withDefaultGrants: false);

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>Each way of breaking a well-configured service, and what the check must say about it.</summary>
    public static TheoryData<string, FindingSeverity, string, string> Breakages() => new()
    {
        { "skills", FindingSeverity.Error, "/configuration/agents", "No agent holds the required skills (support ≥ 4)" },
        { "no-hours", FindingSeverity.Error, "/configuration/services/{id}", "No office hours in the next 7 days" },
        { "holidays", FindingSeverity.Error, "/configuration/services/{id}", "No office hours in the next 7 days" },
        { "zone", FindingSeverity.Error, "/configuration/services/{id}", "The schedule cannot be used: Unknown time zone 'Mars/Olympus'" },
        { "capacity", FindingSeverity.Warning, "/configuration/services/{id}", "Every slot of the next 7 days has capacity 0" },
        { "captcha-site-key", FindingSeverity.Error, "/integration/captcha?service={key}", "CAPTCHA Turnstile has no site key" },
        { "captcha-secret", FindingSeverity.Error, "/integration/captcha?service={key}", "CAPTCHA Turnstile has no secret key" },
        { "webpush", FindingSeverity.Warning, "/integration/push?service={key}", "Web Push is on but its VAPID keys are missing" },
        { "fcm", FindingSeverity.Warning, "/integration/push?service={key}", "FCM is on but its service account is missing" },
        { "cors", FindingSeverity.Info, "/integration/cors?service={key}", "No web origins are allowed" },
        { "paused", FindingSeverity.Info, "/configuration/services", "Paused (staff training): its callbacks wait" },
    };

    [Fact]
    public async Task AWellConfiguredServiceIsAllGood()
    {
        await AddAsync(Healthy("support"));

        var report = await Check().RunAsync(PortalActor.System, CancellationToken.None);

        Assert.True(report.AllGood);
        Assert.Empty(Assert.Single(report.Services).Findings);
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task EachProblemIsFoundWithItsSeverityAndThePageThatFixesIt(string breakage, FindingSeverity severity, string href, string message)
    {
        var service = Healthy("support");
        Break(service, breakage);
        await AddAsync(service);

        var report = await Check().RunAsync(PortalActor.System, CancellationToken.None);

        var finding = Assert.Single(Assert.Single(report.Services).Findings);
        Assert.False(report.AllGood);
        Assert.Equal((severity, href.Replace("{id}", service.Id.ToString(), StringComparison.Ordinal).Replace("{key}", service.Key, StringComparison.Ordinal)), (finding.Severity, finding.FixHref));
        Assert.StartsWith(message, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretThatCanNoLongerBeReadCountsAsMissing()
    {
        var service = Healthy("support");
        var otherInstallation = new SecretProtector(Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create("another-installation"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SecretProtector>.Instance);
        service.Captcha = new CaptchaSettings { Provider = CaptchaProvider.HCaptcha, SiteKey = "site", SecretProtected = otherInstallation.Protect("secret") };
        await AddAsync(service);

        var report = await Check().RunAsync(PortalActor.System, CancellationToken.None);

        Assert.Contains("the stored one cannot be read", Assert.Single(report.Services[0].Findings).Message);
    }

    [Fact]
    public async Task ProblemsAreListedWorstFirst()
    {
        var service = Healthy("support");
        Break(service, "cors");
        Break(service, "capacity");
        Break(service, "skills");
        await AddAsync(service);

        var report = await Check().RunAsync(PortalActor.System, CancellationToken.None);

        Assert.Equal([FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Info], report.Services[0].Findings.Select(f => f.Severity));
    }

    [Fact]
    public async Task AnUnreachableTelephonyProviderIsAProblemOfEveryService()
    {
        await AddAsync(Healthy("support"));

        var report = await Check(new UnreachableTelephony()).RunAsync(PortalActor.System, CancellationToken.None);

        var finding = Assert.Single(report.Installation);
        Assert.False(report.AllGood);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("Telephony unreachable", finding.Message);
        Assert.Contains("Connection refused (127.0.0.1:1)", finding.Message);
    }

    [Fact]
    public async Task AUserLimitedToSomeServicesIsToldOnlyAboutThose()
    {
        var mine = await AddMineAndBrokenTheirsAsync();

        var report = await Check().RunAsync(LimitedUser.Actor(mine.Id), CancellationToken.None);

        Assert.Equal("support", Assert.Single(report.Services).Key);
        Assert.True(report.AllGood);
    }

    [Theory]
    [InlineData(404, HealthStatus.Healthy, "answers and accepts the credentials")]
    [InlineData(401, HealthStatus.Unhealthy, "refuses the account and token")]
    [InlineData(503, HealthStatus.Unhealthy, "answers with an error")]
    public async Task TheTelephonyCheckAsksTheProviderForACallThatCannotExist(int status, HealthStatus expected, string words)
    {
        await using var standIn = await TwilioStandIn.StartAsync();
        standIn.Respond = (_, context) => TwilioStandIn.Json(context, status, $$"""{"code":{{status}}00,"message":"stand-in says {{status}}","status":{{status}}}""");
        await using var host = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings(standIn.BaseUrl));
        var check = new TelephonyHealthCheck(host.Services.GetRequiredService<ITelephonyProvider>(), host.Services.GetRequiredService<IOptions<TelephonyOptions>>());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(expected, result.Status);
        Assert.Contains(words, result.Description);
        var request = Assert.Single(standIn.Requests);
        Assert.Equal(("GET", $"/2010-04-01/Accounts/AC00000000000000000000000000000001/Calls/{TelephonyHealthCheck.ProbeCallId}.json"), (request.Method, request.Path));
    }

    [Fact]
    public async Task AProviderThatDoesNotListenCannotBeReached()
    {
        await using var host = await TelephonyTestHost.StartAsync(TelephonyTestHost.TwilioSettings("http://127.0.0.1:1"));
        var check = new TelephonyHealthCheck(host.Services.GetRequiredService<ITelephonyProvider>(), host.Services.GetRequiredService<IOptions<TelephonyOptions>>());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("The telephony provider at http://127.0.0.1:1 cannot be reached", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageSaysAllGoodWhenNothingIsWrong()
    {
        await AddAsync(Healthy("support"));
        await using var context = PageContext();

        var page = context.Render<ConfigurationCheckPage>();

        page.WaitForAssertion(() => Assert.Contains("All good: no problems found in 1 service.", page.Find("[data-testid=all-good]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=finding]"));
    }

    [Fact]
    public async Task ThePageListsEachServicesProblemsWithALinkToFixThem()
    {
        var broken = Healthy("support");
        Break(broken, "skills");
        Break(broken, "paused");
        await AddAsync(broken, Healthy("sales"));
        await using var context = PageContext();

        var page = context.Render<ConfigurationCheckPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=service-support] [data-testid=finding]").Count));
        Assert.Empty(page.FindAll("[data-testid=all-good]"));
        Assert.Contains("1 error, 1 note", page.Find("[data-testid=service-support]").TextContent);
        Assert.Contains("All good", page.Find("[data-testid=service-sales]").TextContent);
        Assert.Equal(["/configuration/agents", "/configuration/services"], page.FindAll("[data-testid=service-support] a[data-testid=fix-link]").Select(a => a.GetAttribute("href")));
        Assert.Single(page.FindAll("[data-testid=service-support] [data-testid=severity-error]"));
    }

    [Fact]
    public async Task ThePageShowsALimitedUserOnlyTheirServices()
    {
        var mine = await AddMineAndBrokenTheirsAsync();
        var limited = await LimitedUser.CreateAsync(database, mine.Id);
        await using var context = PageContext(limited);

        var page = context.Render<ConfigurationCheckPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=service-support]")));
        Assert.Empty(page.FindAll("[data-testid=service-sales]"));
        Assert.NotNull(page.Find("[data-testid=all-good]"));
    }

    private BunitContext PageContext(Action<Bunit.TestDoubles.BunitAuthorizationContext>? user = null) => PortalPages.For(database, s => s
        .AddSingleton(secrets).AddSingleton<TimeProvider>(clock).AddSingleton<ITelephonyProvider>(new Engine.RecordingTelephony())
        .AddSingleton(Options.Create(new TelephonyOptions())).AddTransient<TelephonyHealthCheck>().AddTransient<ConfigurationCheck>(), user);

    private ConfigurationCheck Check(ITelephonyProvider? telephony = null) =>
        new(database, new TelephonyHealthCheck(telephony ?? new Engine.RecordingTelephony(), Options.Create(new TelephonyOptions())), secrets, clock);

    /// <summary>Open on weekdays in UTC, capacity left at its default, an agent with the skill, CAPTCHA by proof of work, one origin.</summary>
    private static CallbackService Healthy(string key) => new()
    {
        Id = Guid.NewGuid(),
        Key = key,
        Name = key,
        RequiredSkills = [new RequiredSkill { Skill = "support", MinLevel = 2 }],
        Schedule = ServiceSchedule.Default("UTC"),
        AllowedOrigins = ["https://shop.example.com"],
    };

    private static void Break(CallbackService service, string breakage)
    {
        var today = new DateOnly(2026, 11, 25);
        switch (breakage)
        {
            case "skills": service.RequiredSkills = [new RequiredSkill { Skill = "support", MinLevel = 4 }]; break;
            case "no-hours": service.Schedule.Weekly = []; break;
            case "holidays": service.Schedule.Holidays = [.. Enumerable.Range(0, 8).Select(d => new Holiday(today.AddDays(d), "Closed for the move"))]; break;
            case "zone": service.Schedule.TimeZone = "Mars/Olympus"; break;
            case "capacity": service.Capacity.DefaultCapacity = 0; break;
            case "captcha-site-key": service.Captcha = new CaptchaSettings { Provider = CaptchaProvider.Turnstile, SecretProtected = null }; break;
            case "captcha-secret": service.Captcha = new CaptchaSettings { Provider = CaptchaProvider.Turnstile, SiteKey = "0x4AAA" }; break;
            case "webpush": service.Push = new PushSettings { WebPushEnabled = true, VapidSubject = "mailto:push@example.com" }; break;
            case "fcm": service.Push = new PushSettings { FcmEnabled = true, FcmProjectId = "shop" }; break;
            case "cors": service.AllowedOrigins = []; break;
            case "paused": (service.Paused, service.PausedReason) = (true, "staff training"); break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }
    }

    /// <summary>A healthy "support" service for the limited user and a "sales" service nobody can serve.</summary>
    private async Task<CallbackService> AddMineAndBrokenTheirsAsync()
    {
        var mine = Healthy("support");
        var theirs = Healthy("sales");
        Break(theirs, "skills");
        await AddAsync(mine, theirs);
        return mine;
    }

    private async Task AddAsync(params CallbackService[] services)
    {
        await using var db = database.CreateDbContext();
        db.CallbackServices.AddRange(services);
        db.Agents.Add(new Agent { Id = Guid.NewGuid(), Name = "Grace", Phone = "sip:grace@agents.test", Skills = [new AgentSkill { Skill = "support", Level = 3 }] });
        await db.SaveChangesAsync();
    }

    /// <summary>A provider whose every request fails to connect, as an unreachable host does.</summary>
    private sealed class UnreachableTelephony : ITelephonyProvider
    {
        public string Name => "unreachable";

        public Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken ct) => throw Refused();

        public Task<CallProgress?> GetCallStatusAsync(string providerCallId, CancellationToken ct) => throw Refused();

        public Task<bool> HangUpAsync(string providerCallId, CancellationToken ct) => throw Refused();

        private static HttpRequestException Refused() => new("Connection refused (127.0.0.1:1)");
    }
}
