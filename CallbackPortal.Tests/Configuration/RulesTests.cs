using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Configuration;

/// <summary>Per-service rules: validated by ServiceRules itself, saved only over the version read, audited before → after, within the user's services; "test a number" explains and stores nothing.</summary>
public sealed class RulesTests : IAsyncLifetime
{
    /// <summary>libphonenumber's example of a US premium-rate number.</summary>
    public const string PremiumNumber = "+1 900 234 5678";

    private static readonly PortalActor Admin = new("admin-id", "admin@example.com", ServiceScope.Everything);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));
    private TestDatabase database = default!;
    private CallbackService support = default!;
    private CallbackService sales = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        support = await ServiceAsync(database, "support", "Support");
        sales = await ServiceAsync(database, "sales", "Sales");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    public static async Task<CallbackService> ServiceAsync(TestDatabase database, string key, string name)
    {
        var service = new CallbackService { Id = Guid.NewGuid(), Key = key, Name = name, DefaultCountry = "US", Schedule = ServiceSchedule.AlwaysOpen("UTC") };
        await using var db = database.CreateDbContext();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    private RuleConfiguration Configuration => new(database, new NumberTester(database, clock), new AuditLog(clock));

    [Fact]
    public async Task SavedRulesAreStoredWithANewVersionAndAnAuditEntryOfWhatChanged()
    {
        var form = (await Configuration.LoadAsync(Admin, support.Id, CancellationToken.None))!;
        form.Rules.PermittedCountries = ["us", "GB", "US"];
        form.Rules.BlockedPatterns.Add(new BlockedPattern { Kind = PatternKind.Wildcard, Pattern = " +44 70* ", Note = "UK personal" });
        form.Rules.NumberThrottle = new ThrottleLimit(3, 3_600);
        form.Rules.DuplicateCheck = DuplicateCheck.Strict;
        form.KeyedThrottleOn = true;
        form.Keyed.Name = " X-User-Id ";
        form.MaxQueued = 250;

        var errors = await Configuration.SaveAsync(Admin, form, CancellationToken.None);

        Assert.Empty(errors);
        var stored = await StoredAsync(support.Id);
        Assert.Equal(["US", "GB"], stored.Rules.PermittedCountries);
        Assert.Equal("+44 70*", stored.Rules.BlockedPatterns.Single().Pattern);
        Assert.Equal((3, DuplicateCheck.Strict, "X-User-Id", 250), (stored.Rules.NumberThrottle.Limit, stored.Rules.DuplicateCheck, stored.Rules.KeyedThrottle?.Name, stored.MaxQueued));
        Assert.Equal(1, stored.Version);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((AuditAreas.Rules, "support", support.Id), (entry.Area, entry.Target, entry.ServiceId));
        var changes = AuditChanges.FromJson(entry.Changes);
        Assert.Contains(changes, c => c.Field == "permittedCountries" && c.Before == "" && c.After == "US, GB");
        Assert.Contains(changes, c => c.Field == "watermark" && c.Before == "1000" && c.After == "250");
        Assert.DoesNotContain(changes, c => c.Field == "allowedNumberTypes");
    }

    [Fact]
    public async Task AnInvalidRegularExpressionIsRefusedAtItsFieldAndNothingIsSaved()
    {
        var form = (await Configuration.LoadAsync(Admin, support.Id, CancellationToken.None))!;
        form.Rules.BlockedPatterns.Add(new BlockedPattern { Kind = PatternKind.Prefix, Pattern = "+1900" });
        form.Rules.BlockedPatterns.Add(new BlockedPattern { Kind = PatternKind.Regex, Pattern = "^\\+44(70" });

        var errors = await Configuration.SaveAsync(Admin, form, CancellationToken.None);

        Assert.Equal(["blockedPatterns[1].pattern"], errors.Keys);
        Assert.StartsWith("This is not a valid regular expression", errors["blockedPatterns[1].pattern"][0]);
        Assert.Equal("This is not a valid regular expression", RuleConfiguration.PatternProblem(form.Rules.BlockedPatterns[1])?[..38]);
        Assert.Null(RuleConfiguration.PatternProblem(form.Rules.BlockedPatterns[0]));
        Assert.Equal((0, 0), ((await StoredAsync(support.Id)).Rules.BlockedPatterns.Count, (await StoredAsync(support.Id)).Version));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task ImpossibleThrottlesAndWatermarkAreRefusedEachAtItsField()
    {
        var form = (await Configuration.LoadAsync(Admin, support.Id, CancellationToken.None))!;
        form.Rules.NumberThrottle = new ThrottleLimit(-1, 0);
        form.Rules.ServiceThrottles = [new ThrottleLimit(500, 300), new ThrottleLimit(50, 300), new ThrottleLimit(10, 31 * 86_400)];
        form.Rules.AllowedNumberTypes.Clear();
        form.KeyedThrottleOn = true;
        form.MaxQueued = -5;

        var errors = await Configuration.SaveAsync(Admin, form, CancellationToken.None);

        Assert.Equal(
            ["allowedNumberTypes", "keyedThrottle.name", "maxQueued", "numberThrottle.limit", "numberThrottle.windowSeconds", "serviceThrottles[1].windowSeconds", "serviceThrottles[2].windowSeconds"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("same window", errors["serviceThrottles[1].windowSeconds"][0]);
        Assert.Equal(0, (await StoredAsync(support.Id)).Version);
    }

    [Fact]
    public async Task TheSecondOfTwoEditorsIsToldTheServiceChanged()
    {
        var first = (await Configuration.LoadAsync(Admin, support.Id, CancellationToken.None))!;
        var second = (await Configuration.LoadAsync(Admin, support.Id, CancellationToken.None))!;
        first.Rules.DuplicateCheck = DuplicateCheck.Off;
        second.Rules.PermittedCountries = ["CA"];

        Assert.Empty(await Configuration.SaveAsync(Admin, first, CancellationToken.None));
        var refused = await Configuration.SaveAsync(Admin, second, CancellationToken.None);

        Assert.Contains("changed by someone else", refused[""][0]);
        var stored = await StoredAsync(support.Id);
        Assert.Equal((DuplicateCheck.Off, 0), (stored.Rules.DuplicateCheck, stored.Rules.PermittedCountries.Count));
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task AServiceLimitedUserNeitherSeesNorChangesNorTestsAnotherService()
    {
        var limited = new PortalActor("limited", "limited@example.com", new ServiceScope(new HashSet<Guid> { sales.Id }));
        var supportForm = (await Configuration.LoadAsync(Admin, support.Id, CancellationToken.None))!;
        supportForm.Rules.DuplicateCheck = DuplicateCheck.Off;

        var listed = await Configuration.ServicesAsync(limited, CancellationToken.None);
        var loaded = await Configuration.LoadAsync(limited, support.Id, CancellationToken.None);
        var saved = await Configuration.SaveAsync(limited, supportForm, CancellationToken.None);
        var tested = await Configuration.TestAsync(limited, support.Id, "+12015550123", CancellationToken.None);

        Assert.Equal(["sales"], listed.Select(s => s.Key));
        Assert.Null(loaded);
        Assert.Contains("not allowed", saved[""][0]);
        Assert.Null(tested.Verdict);
        Assert.Equal(DuplicateCheck.Normal, (await StoredAsync(support.Id)).Rules.DuplicateCheck);
        Assert.NotNull(await Configuration.LoadAsync(limited, sales.Id, CancellationToken.None));
    }

    [Fact]
    public async Task APremiumNumberIsRefusedByTheNumberTypeRuleWithTheWholeTraceAndNothingStored()
    {
        var premium = await Configuration.TestAsync(Admin, support.Id, PremiumNumber, CancellationToken.None);
        var ordinary = await Configuration.TestAsync(Admin, support.Id, "+1 201 555 0123", CancellationToken.None);

        var verdict = premium.Verdict!;
        Assert.Equal((false, "number-type", "number-not-allowed"), (verdict.Allowed, verdict.Rule, verdict.Code));
        Assert.Contains("premium-rate", verdict.Explanation);
        Assert.Equal(["number-validity", "number-type"], verdict.Checks.Select(c => c.Rule));
        Assert.True(ordinary.Verdict!.Allowed);
        Assert.Contains(ordinary.Verdict.Checks, c => c.Rule == "watermark" && c.Passed);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Callbacks.CountAsync());
    }

    private async Task<CallbackService> StoredAsync(Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Area == AuditAreas.Rules).ToListAsync();
    }
}
