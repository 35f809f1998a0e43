using System.Security.Claims;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Administration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Audit;

/// <summary>The audit log: changes recorded field by field with secrets masked, filtered and paged, read in its page.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private static readonly PortalActor Alice = new("alice-id", "alice@example.com", ServiceScope.Everything);
    private readonly Guid support = Guid.NewGuid();
    private readonly Guid sales = Guid.NewGuid();
    private TestDatabase database = default!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(withDefaultGrants: false);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public void OnlyChangedFieldsAreListedNestedAsPathsAndListsAsText()
    {
        var before = new { Name = "Support", Hours = new { Zone = "UTC", Days = new[] { "Mon", "Tue" } }, Priority = 1 };
        var after = new { Name = "Support", Hours = new { Zone = "Europe/Paris", Days = new[] { "Mon", "Tue", "Wed" } }, Priority = 1 };

        var changes = AuditChanges.Between(before, after);

        Assert.Equal(
            [new AuditChange("hours.days", "Mon, Tue", "Mon, Tue, Wed"), new AuditChange("hours.zone", "UTC", "Europe/Paris")],
            changes);
    }

    [Fact]
    public void SecretsShowThatTheyChangedButNeverTheirValue()
    {
        var changes = AuditChanges.Between(
            new { SecretProtected = (string?)null, VapidPrivateKeyProtected = "old-key", Password = "hunter2", KeyHash = "abc" },
            new { SecretProtected = (string?)"CfDJ8-new", VapidPrivateKeyProtected = "new-key", Password = "hunter3", KeyHash = "abd" });

        Assert.Equal(4, changes.Count);
        Assert.Contains(new AuditChange("secretProtected", null, AuditChanges.Masked), changes);
        Assert.All(changes, c => Assert.True(c.After == AuditChanges.Masked && c.Before is null or AuditChanges.Masked, c.ToString()));
        Assert.DoesNotContain("hunter", AuditChanges.ToJson(changes));
    }

    [Fact]
    public async Task AnUpdateThatChangesNothingLeavesNoEntryButACreationAlwaysDoes()
    {
        var log = new AuditLog(TimeProvider.System);
        await using var db = database.CreateDbContext();

        Assert.Null(log.Record(db, Alice, AuditAreas.Services, AuditActions.Updated, "support", new { Name = "A" }, new { Name = "A" }));
        Assert.NotNull(log.Record(db, Alice, AuditAreas.Services, AuditActions.Created, "support", null, new { Name = "A" }));
        await db.SaveChangesAsync();

        var entry = Assert.Single(db.AuditEntries);
        Assert.Equal(("alice-id", "alice@example.com", "created"), (entry.UserId, entry.UserName, entry.Action));
        Assert.Equal(new AuditChange("name", null, "A"), Assert.Single(AuditChanges.FromJson(entry.Changes)));
    }

    [Fact]
    public async Task FiltersNarrowTheLogAndAServiceLimitedReaderSeesOnlyTheirServices()
    {
        await SeedAsync();
        var query = new AuditLogQuery(database);
        var limited = new PortalActor("bob-id", "bob@example.com", new ServiceScope(new HashSet<Guid> { sales }));

        var all = await query.SearchAsync(Alice, new AuditFilter(), 0, 50, CancellationToken.None);
        var rules = await query.SearchAsync(Alice, new AuditFilter(Area: AuditAreas.Rules), 0, 50, CancellationToken.None);
        var byText = await query.SearchAsync(Alice, new AuditFilter(Text: "premium"), 0, 50, CancellationToken.None);
        var byUser = await query.SearchAsync(Alice, new AuditFilter(User: "carol"), 0, 50, CancellationToken.None);
        var recent = await query.SearchAsync(Alice, new AuditFilter(Since: DateTimeOffset.UtcNow.AddHours(-1)), 0, 50, CancellationToken.None);
        var paged = await query.SearchAsync(Alice, new AuditFilter(), 1, 2, CancellationToken.None);
        var bobs = await query.SearchAsync(limited, new AuditFilter(), 0, 50, CancellationToken.None);

        Assert.Equal(4, all.Total);
        Assert.Equal(["users: carol", "sales", "rules: support", "support"], all.Entries.Select(e => e.Target));
        Assert.Equal("rules: support", Assert.Single(rules.Entries).Target);
        Assert.Equal("rules: support", Assert.Single(byText.Entries).Target);
        Assert.Equal("users: carol", Assert.Single(byUser.Entries).Target);
        Assert.Equal(3, recent.Total);
        Assert.Equal(4, paged.Total);
        Assert.Equal(["sales", "rules: support"], paged.Entries.Select(e => e.Target));
        Assert.Equal("sales", Assert.Single(bobs.Entries).Target);
    }

    [Fact]
    public async Task ThePageListsChangesNewestFirstAndARowOpensItsFieldsBeforeAndAfter()
    {
        await SeedAsync();
        await using var context = PortalPages.For(database, s => s.AddSingleton<AuditLogQuery>());

        var page = context.Render<AuditLogPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-target]").Count));
        Assert.Empty(page.FindAll("[data-testid=audit-changes]"));
        page.FindAll("tr.cursor-pointer")[2].Click();

        var changes = page.WaitForElement("[data-testid=audit-changes]");
        Assert.Contains("rules.blocked", changes.TextContent);
        Assert.Contains("+1900*", changes.TextContent);
    }

    [Fact]
    public async Task AReaderLimitedToAServiceSeesOnlyThatServicesChangesInThePage()
    {
        await SeedAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Users.Add(new Data.ApplicationUser { Id = "bob-id", UserName = "bob@example.com", ServiceLimit = [sales] });
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(database, s => s.AddSingleton<AuditLogQuery>(), user =>
        {
            user.SetAuthorized("bob@example.com");
            user.SetRoles(Roles.Supervisor);
            user.SetClaims(new Claim(ClaimTypes.NameIdentifier, "bob-id"));
        });

        var page = context.Render<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Equal("sales", Assert.Single(page.FindAll("[data-testid=audit-target]")).TextContent));
    }

    private async Task SeedAsync()
    {
        var log = new AuditLog(new FixedClock(DateTimeOffset.UtcNow.AddDays(-2)));
        var now = new AuditLog(TimeProvider.System);
        var carol = new PortalActor("carol-id", "carol@example.com", ServiceScope.Everything);
        await using var db = database.CreateDbContext();
        log.Record(db, Alice, AuditAreas.Services, AuditActions.Created, "support", null, new { Name = "Support" }, support);
        await db.SaveChangesAsync();
        now.Record(db, Alice, AuditAreas.Rules, AuditActions.Updated, "rules: support", new { Rules = new { Blocked = Array.Empty<string>() } },
            new { Rules = new { Blocked = new[] { "+1900*" }, Note = "premium" } }, support);
        await db.SaveChangesAsync();
        now.Record(db, Alice, AuditAreas.Services, AuditActions.Created, "sales", null, new { Name = "Sales" }, sales);
        await db.SaveChangesAsync();
        now.Record(db, carol, AuditAreas.Users, AuditActions.Updated, "users: carol", new { Roles = "Monitor" }, new { Roles = "Supervisor" });
        await db.SaveChangesAsync();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
