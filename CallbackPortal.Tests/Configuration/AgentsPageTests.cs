using Bunit;
using CallbackPortal.Agents;
using CallbackPortal.Components.Pages.Configuration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The agents page: presence live from the engine's events, the editor's messages at the fields, presence by hand, delete after a confirmation.</summary>
public sealed class AgentsPageTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private AgentsTestServices services = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        services = new AgentsTestServices(database);
        await services.CatalogueAsync("billing", "support");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task PresenceChangedByTheEngineShowsWithoutReloading()
    {
        var ada = await services.AgentAsync("Ada", ("support", 5));
        await using var context = Interactive(PortalPages.For(database, services.Register));
        var page = context.Render<AgentsPage>();
        page.WaitForAssertion(() => Assert.Contains("Offline", Presence(page, 0)));

        await services.Presence.SetPresenceAsync(ada.Id, AgentPresence.Ready, CancellationToken.None);
        page.WaitForAssertion(() => Assert.Contains("Ready", Presence(page, 0)));
        await services.EngineAsync(ada.Id, (a, now) => a.Reserve(Guid.NewGuid(), now));
        services.Events.Publish(new CallbackPortal.Engine.EngineEvent(CallbackPortal.Engine.EngineEventKind.CallbackChanged, null, null, ada.Id));

        page.WaitForAssertion(() => Assert.Contains("reserved for a callback", Presence(page, 0)));
        Assert.Contains("support · 5", page.Find("[data-testid=agents]").TextContent);
    }

    [Fact]
    public async Task TheEditorShowsAMessageAtTheFieldThenSavesTheNewAgent()
    {
        await using var context = Interactive(PortalPages.For(database, services.Register));
        var page = context.Render<AgentsPage>();
        page.WaitForAssertion(() => Assert.Contains("No agents yet", page.Markup));

        page.Find("[data-testid=agent-new]").Click();
        SkillsTests.Input(page, "agent-name").Change("Grace Hopper");
        SkillsTests.Input(page, "agent-phone").Change("202 555 0123");
        page.Find("[data-testid=agent-add-skill]").Click();
        SkillsTests.Input(page, "agent-level").Change("6");
        page.Find("[data-testid=agent-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("Start the number with '+'", page.Find("[data-testid=agent-editor]").TextContent));

        SkillsTests.Input(page, "agent-phone").Change("+1 201 555 0123");
        page.Find("[data-testid=agent-save]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=agent-editor]")));
        Assert.Equal(["Grace Hopper"], page.FindAll("[data-testid=agent-row-name]").Select(e => e.TextContent));
        var stored = Assert.Single(await services.Directory.ListAsync(CancellationToken.None));
        Assert.Equal(("+12015550123", "billing", 6), (stored.Phone, stored.Skills[0].Skill, stored.Skills[0].Level));
    }

    [Fact]
    public async Task PresenceIsSetFromTheListAndADeleteAsksFirst()
    {
        await services.AgentAsync("Ada", ("support", 5));
        await using var context = Interactive(PortalPages.For(database, services.Register));
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<AgentsPage>();
        page.WaitForAssertion(() => Assert.Contains("Offline", Presence(page, 0)));

        page.Find("[data-testid=set-NotReady]").Click();
        page.WaitForAssertion(() => Assert.Contains("Not ready", Presence(page, 0)));
        page.Find("[aria-label='Delete Ada']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete Ada?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Contains("No agents yet", page.Markup));
        Assert.Empty(await services.Directory.ListAsync(CancellationToken.None));
    }

    /// <summary>The page listens for engine events only in a live circuit, as here, not while prerendering.</summary>
    private static BunitContext Interactive(BunitContext context)
    {
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }

    private static string Presence(IRenderedComponent<AgentsPage> page, int row) => page.FindAll("[data-testid=agent-presence]")[row].TextContent;
}
