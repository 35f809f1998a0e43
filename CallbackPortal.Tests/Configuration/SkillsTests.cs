using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Configuration;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The skills catalogue: names validated and unique ignoring case, a skill in use never deleted, a rename carried to agents and services.</summary>
public sealed class SkillsTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private AgentsTestServices services = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        services = new AgentsTestServices(database);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Theory]
    [InlineData("", "Enter a name")]
    [InlineData("billing/vip", "Use only letters")]
    [InlineData("BILLING", "already has 'Billing'")]
    [InlineData("a-very-long-skill-name-that-goes-on-and-on-and-on-past-the-limit-of-64", "at most 64")]
    public async Task ANameThatCannotBeUsedIsRefusedAtTheNameField(string name, string message)
    {
        await services.CatalogueAsync("Billing");

        var errors = await services.Catalogue.AddAsync(AgentsTestServices.Admin, name, null, CancellationToken.None);

        Assert.Contains(message, errors["name"][0]);
        Assert.Single((await services.Catalogue.OverviewAsync(AgentsTestServices.Admin, CancellationToken.None)).Catalogue);
    }

    [Fact]
    public async Task ASkillIsAddedDescribedAndAudited()
    {
        var added = await services.Catalogue.AddAsync(AgentsTestServices.Admin, " Spanish_speaking 2 ", "Native or fluent", CancellationToken.None);
        var described = await services.Catalogue.EditAsync(AgentsTestServices.Admin, "Spanish_speaking 2", "Spanish_speaking 2", "Fluent", CancellationToken.None);

        Assert.Empty(added);
        Assert.Empty(described);
        var skill = Assert.Single((await services.Catalogue.OverviewAsync(AgentsTestServices.Admin, CancellationToken.None)).Catalogue);
        Assert.Equal(("Spanish_speaking 2", "Fluent"), (skill.Name, skill.Description));
        Assert.Equal([AuditActions.Created, AuditActions.Updated], (await services.AuditAsync(AuditAreas.Skills)).Select(e => e.Action));
    }

    [Fact]
    public async Task ASkillInUseIsNotDeletedAndTheMessageNamesWhoUsesIt()
    {
        await services.CatalogueAsync("support", "unused");
        await services.AgentAsync("Ada", ("Support", 4));
        await ServiceAsync("Help desk", "support");

        var refused = await services.Catalogue.DeleteAsync(AgentsTestServices.Admin, "support", CancellationToken.None);
        var deleted = await services.Catalogue.DeleteAsync(AgentsTestServices.Admin, "unused", CancellationToken.None);

        Assert.Equal("'support' is in use and cannot be deleted: agent Ada holds it; service Help desk requires it.", refused[""][0]);
        Assert.Empty(deleted);
        Assert.Equal(["support"], (await services.Catalogue.NamesAsync(CancellationToken.None)));
        Assert.Equal([AuditActions.Deleted], (await services.AuditAsync(AuditAreas.Skills)).Select(e => e.Action));
    }

    [Fact]
    public async Task ARenameCarriesOverToEveryAgentAndServiceInOneSaveWithTheDescription()
    {
        await services.CatalogueAsync("support");
        var agent = await services.AgentAsync("Ada", ("Support", 4));
        var service = await ServiceAsync("Help desk", "support");

        var errors = await services.Catalogue.EditAsync(AgentsTestServices.Admin, "support", "customer-care", "Formerly support", CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(["customer-care"], await services.Catalogue.NamesAsync(CancellationToken.None));
        Assert.Equal(("customer-care", 4), ((await services.StoredAsync(agent.Id)).Skills[0].Skill, (await services.StoredAsync(agent.Id)).Skills[0].Level));
        await using var db = database.CreateDbContext();
        var stored = await db.CallbackServices.SingleAsync(s => s.Id == service.Id);
        Assert.Equal(("customer-care", 1), (stored.RequiredSkills[0].Skill, stored.Version));
        var entry = Assert.Single(await services.AuditAsync(AuditAreas.Skills));
        Assert.Contains(AuditChanges.FromJson(entry.Changes), c => c.Field == "name" && c.Before == "support" && c.After == "customer-care");
        Assert.Contains(AuditChanges.FromJson(entry.Changes), c => c.Field == "description" && c.After == "Formerly support");
    }

    [Fact]
    public async Task AServiceLimitedUserNeitherSeesNorRenamesThroughAServiceOutsideTheirScope()
    {
        await services.CatalogueAsync("support");
        var visible = await ServiceAsync("Help desk", "support");
        await ServiceAsync("Secret line", "support");
        var limited = new PortalActor("limited", "limited@example.com", new ServiceScope(new HashSet<Guid> { visible.Id }));

        var overview = await services.Catalogue.OverviewAsync(limited, CancellationToken.None);
        var refused = await services.Catalogue.EditAsync(limited, "support", "care", "changed", CancellationToken.None);

        Assert.Equal(["Help desk", "another service"], overview.Catalogue.Single().Services);
        Assert.DoesNotContain("Secret", refused[""][0]);
        Assert.Contains("not allowed to change", refused[""][0]);
        Assert.Equal(["support"], await services.Catalogue.NamesAsync(CancellationToken.None));
        Assert.Null((await services.Catalogue.OverviewAsync(AgentsTestServices.Admin, CancellationToken.None)).Catalogue.Single().Description);
    }

    [Fact]
    public async Task ThePageListsUsesOffersUncataloguedSkillsAndShowsAFieldMessage()
    {
        await services.CatalogueAsync("support");
        await services.AgentAsync("Ada", ("support", 4), ("sales", 2));
        await using var context = PortalPages.For(database, services.Register);

        var page = context.Render<Skills>();
        page.WaitForAssertion(() => Assert.Contains("Ada", page.Find("[data-testid=skills]").TextContent));
        Assert.Contains("sales", page.Find("[data-testid=uncatalogued]").TextContent);

        Input(page, "skill-name").Change("bad/name");
        page.Find("[data-testid=skill-add]").Click();
        page.WaitForAssertion(() => Assert.Contains("Use only letters", page.Markup));
        Input(page, "skill-name").Change("Billing");
        page.Find("[data-testid=skill-add]").Click();
        page.WaitForAssertion(() => Assert.Equal(["Billing", "support"], page.FindAll("[data-testid=skill-row-name]").Select(e => e.TextContent)));

        page.Find("[aria-label='Delete support']").Click();
        page.WaitForAssertion(() => Assert.Contains("agent Ada holds it", page.Find("[data-testid=skills-error]").TextContent));
        Assert.Equal(["Billing", "support"], await services.Catalogue.NamesAsync(CancellationToken.None));

        page.Find("[aria-label='Edit Billing']").Click();
        Input(page, "edit-name").Change("Invoices");
        page.Find("[data-testid=edit-save]").Click();
        page.WaitForAssertion(() => Assert.Equal(["Invoices", "support"], page.FindAll("[data-testid=skill-row-name]").Select(e => e.TextContent)));
    }

    private async Task<CallbackService> ServiceAsync(string name, string skill)
    {
        var service = new CallbackService { Id = Guid.NewGuid(), Key = "svc-" + Guid.NewGuid().ToString("N")[..8], Name = name, RequiredSkills = [new RequiredSkill { Skill = skill }] };
        await using var db = database.CreateDbContext();
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    internal static AngleSharp.Dom.IElement Input<T>(IRenderedComponent<T> page, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea")[0];
}
