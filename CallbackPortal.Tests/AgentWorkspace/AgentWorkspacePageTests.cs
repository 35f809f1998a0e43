using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Components.Pages.Agent;
using CallbackPortal.Tests.Configuration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.AgentWorkspace;

/// <summary>The workspace page: each state renders, the engine's events for the agent re-render it, the wrap-up's messages show at the field.</summary>
public sealed class AgentWorkspacePageTests : IAsyncLifetime
{
    private static readonly string Phone = ConsumerNumbers.Example("US");

    /// <summary>How long a render caused by the engine may take on a loaded machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private WorkspaceHarness harness = default!;

    public async Task InitializeAsync() => harness = await WorkspaceHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private BunitContext Page(string userId)
    {
        var context = PortalPages.For(harness.Engine.Database, services => services
            .AddSingleton(harness.Workspace).AddSingleton(harness.Attendance).AddSingleton(new AgentChangeFeed(harness.Engine.Events))
            .AddScoped<WorkspaceCircuitHandler>().AddSingleton<TimeProvider>(harness.Engine.Clock),
            AgentsTestServices.User(userId, Roles.Agent, Permissions.Agents.Workspace));
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }

    [Fact]
    public async Task AUserWithoutAnAgentIsToldWhoCanLinkThem()
    {
        await using var context = Page("nobody");
        var page = context.Render<AgentWorkspacePage>();

        page.WaitForAssertion(() => Assert.Contains("/configuration/agents", page.Find("[data-testid=workspace-no-agent]").TextContent), Patience);
    }

    [Fact]
    public async Task GoingReadyThenAPreviewAcceptedThenTheCallShowWithoutReloading()
    {
        await harness.Engine.AddServiceAsync(s => s.PreviewEnabled = true);
        var (agent, user) = await harness.LinkedAgentAsync("Grace");
        await using var context = Page(user.UserId!);
        var page = context.Render<AgentWorkspacePage>();
        page.WaitForAssertion(() => Assert.Equal("Offline", page.Find("[data-testid=workspace-presence-value]").TextContent), Patience);

        page.Find("[data-testid=go-ready]").Click();
        page.WaitForAssertion(() => Assert.Equal("Ready", page.Find("[data-testid=workspace-presence-value]").TextContent), Patience);
        Assert.Contains("next callback for your skills appears here", page.Find("[data-testid=workspace-idle]").TextContent);

        await harness.ReservedAsync(Phone);
        page.WaitForAssertion(() => Assert.Contains("Ada Lovelace", page.Find("[data-testid=card-name]").TextContent), Patience);
        Assert.Equal(Phone, page.Find("[data-testid=card-phone]").TextContent);
        Assert.Contains("A-17", page.Find("[data-testid=card-journey]").TextContent);
        Assert.Contains("30 s to decide", page.Find("[data-testid=preview-countdown]").TextContent);
        Assert.True(page.Find("[data-testid=go-ready]").HasAttribute("disabled"));

        page.Find("[data-testid=preview-accept]").Click();
        page.WaitForAssertion(() => Assert.Contains("Placing the call", page.Find("[data-testid=workspace-call-status]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=preview-accept]"));

        await harness.Engine.RunDueAsync();
        await harness.Engine.ReportAsync(Phone, WorkspaceHarness.Answered);
        page.WaitForAssertion(() => Assert.Contains("Connected for", page.Find("[data-testid=workspace-call-status]").TextContent), Patience);
        Assert.Equal("On a call", page.Find("[data-testid=workspace-presence-value]").TextContent);

        await harness.Engine.BridgeAsync(Phone, connected: true);
        await harness.Engine.ReportAsync(Phone, WorkspaceHarness.Hangup(75));
        page.WaitForAssertion(() => Assert.Contains("Ended: Person · talked 1 min 15 s", page.Find("[data-testid=workspace-call-status]").TextContent), Patience);
        Assert.Contains("Wrap up this call", page.Find("[data-testid=workspace-wrapup]").TextContent);
        Assert.Equal(AgentPresence.WrapUp, (await harness.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task AWrapUpWithoutADispositionIsRefusedAtTheField()
    {
        await harness.Engine.AddServiceAsync(s => s.WrapUpSeconds = 300);
        var (agent, user) = await harness.LinkedAgentAsync("Grace", ready: true);
        var callback = await harness.ReservedAsync(Phone);
        await harness.TalkAsync(Phone);
        await using var context = Page(user.UserId!);
        var page = context.Render<AgentWorkspacePage>();
        page.WaitForAssertion(() => Assert.Contains("Save and go Ready", page.Find("[data-testid=wrapup-save]").TextContent), Patience);

        page.Find("[data-testid=wrapup-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Choose how the call ended.", page.Find("[data-testid=workspace-wrapup]").TextContent), Patience);
        Assert.Null((await harness.CallbackAsync(callback.Id)).Disposition);
        Assert.Equal(AgentPresence.WrapUp, (await harness.AgentAsync(agent.Id)).Presence);
    }
}
