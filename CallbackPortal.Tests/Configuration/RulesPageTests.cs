using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Pages.Configuration;
using CallbackPortal.Data;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The rules page: a pattern checked at its field, saved rules, a tested number with its trace, and what each user may see.</summary>
public sealed class RulesPageTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private CallbackService support = default!;
    private CallbackService sales = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        support = await RulesTests.ServiceAsync(database, "support", "Support");
        sales = await RulesTests.ServiceAsync(database, "sales", "Sales");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private void Register(IServiceCollection services) => services.AddSingleton<NumberTester>().AddSingleton<RuleConfiguration>();

    [Fact]
    public async Task APatternIsCheckedAtItsFieldThenSavedFromThePreselectedService()
    {
        await using var context = PortalPages.For(database, Register);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/configuration/rules?service={support.Id}");
        var page = context.Render<RulesPage>();
        page.WaitForAssertion(() => Assert.Contains("Support (support)", page.Find("[data-testid=rules-service]").OuterHtml));

        page.Find("[data-testid=pattern-add]").Click();
        // The new row renders after the click's handler; wait for it rather than racing the render.
        page.WaitForAssertion(() => SkillsTests.Input(page, "pattern-text"));
        SkillsTests.Input(page, "pattern-text").Input("1900");
        page.WaitForAssertion(() => Assert.Contains("Start a prefix with '+'", page.Markup));
        page.Find("[data-testid=rules-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("fix the fields marked in red", page.Find("[data-testid=rules-error]").TextContent));
        Assert.Empty((await StoredAsync(support.Id)).Rules.BlockedPatterns);

        SkillsTests.Input(page, "pattern-text").Input("+1 900");
        SkillsTests.Input(page, "pattern-note").Change("premium range");
        page.Find("[data-testid=rules-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Saved.", page.Markup));
        var stored = await StoredAsync(support.Id);
        Assert.Equal(("+1 900", "premium range", 1), (stored.Rules.BlockedPatterns.Single().Pattern, stored.Rules.BlockedPatterns.Single().Note, stored.Version));
        Assert.Empty((await StoredAsync(sales.Id)).Rules.BlockedPatterns);
    }

    [Fact]
    public async Task ATestedPremiumNumberShowsTheRefusingRuleAndTheTrace()
    {
        await using var context = PortalPages.For(database, Register);
        var page = context.Render<RulesPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=test-number]")));

        SkillsTests.Input(page, "test-number").Input(RulesTests.PremiumNumber);
        page.Find("[data-testid=test-run]").Click();

        page.WaitForAssertion(() => Assert.Contains("Refused by number-type", page.Find("[data-testid=test-verdict]").TextContent));
        Assert.Contains("premium-rate", page.Find("[data-testid=test-verdict]").TextContent);
        var trace = page.Find("[data-testid=test-trace]").TextContent;
        Assert.Contains("number-validity", trace);
        Assert.Contains("a type this service does not call", trace);
    }

    [Fact]
    public async Task TheServiceSettingsLinkNeedsServicesManageAndALimitedUserSeesOnlyTheirService()
    {
        var supervisorId = Guid.NewGuid().ToString();
        await using (var db = database.CreateDbContext())
        {
            db.Users.Add(new ApplicationUser { Id = supervisorId, UserName = "sup@example.com", Email = "sup@example.com", ServiceLimit = [sales.Id] });
            await db.SaveChangesAsync();
        }
        await using var admin = PortalPages.For(database, Register, AgentsTestServices.User(PortalPages.AdministratorId, Roles.Administrator, Permissions.Rules.Manage, Permissions.Services.Manage));
        await using var supervisor = PortalPages.For(database, Register, AgentsTestServices.User(supervisorId, Roles.Supervisor, Permissions.Rules.Manage));

        var asAdmin = admin.Render<RulesPage>();
        var asSupervisor = supervisor.Render<RulesPage>();
        supervisor.Services.GetRequiredService<NavigationManager>().NavigateTo($"/configuration/rules?service={support.Id}");
        var linkedToOther = supervisor.Render<RulesPage>();

        asAdmin.WaitForAssertion(() => Assert.NotEmpty(asAdmin.FindAll("[data-testid=rules-service-link]")));
        asSupervisor.WaitForAssertion(() => Assert.Contains("Sales (sales)", asSupervisor.Find("[data-testid=rules-service]").OuterHtml));
        Assert.Empty(asSupervisor.FindAll("[data-testid=rules-service-link]"));
        linkedToOther.WaitForAssertion(() => Assert.Contains("not one you may change", linkedToOther.Find("[data-testid=rules-notice]").TextContent));
        Assert.DoesNotContain("Support", linkedToOther.Find("[data-testid=rules-service]").OuterHtml);
    }

    private async Task<CallbackService> StoredAsync(Guid id)
    {
        await using var db = database.CreateDbContext();
        return await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == id);
    }
}
