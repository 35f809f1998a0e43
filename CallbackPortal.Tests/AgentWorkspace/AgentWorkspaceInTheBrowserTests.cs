using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Telephony.Simulator;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.AgentWorkspace;

/// <summary>
/// An agent in Chromium against the running app: Ready, a callback created through the API is reserved for them, they preview and
/// accept it, the carrier simulator connects and ends the call, they wrap up and are Ready again; and closing the page mid-call.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AgentWorkspaceInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private const string Shots = "/tmp/shots-workspace";
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    private CarrierSimulator Simulator => portal.Host.Services.GetRequiredService<CarrierSimulator>();

    [Fact]
    public async Task AnAgentGoesReadyPreviewsAcceptsTalksAndWrapsUp()
    {
        var (service, agent, email) = await AgentAndServiceAsync("flow", wrapUpSeconds: 600);
        var phone = "+12025550181";
        Simulator.Script(phone, SimulatedOutcome.Person);
        Simulator.HoldTalk(phone);
        var page = await WorkspaceAsync(email);
        await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("Offline");
        await ShotAsync(page, "1-offline");

        await page.GetByTestId("go-ready").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("Ready");
        await ShotAsync(page, "2-ready");
        var id = await RequestAsync(service.Key, phone);

        await Assertions.Expect(page.GetByTestId("card-name")).ToHaveTextAsync("Ada Lovelace");
        await Assertions.Expect(page.GetByTestId("card-phone")).ToHaveTextAsync(phone);
        await Assertions.Expect(page.GetByTestId("preview-countdown")).ToContainTextAsync("s to decide");
        await ShotAsync(page, "3-preview");
        await page.GetByTestId("preview-accept").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-call-status")).ToContainTextAsync("Connected for");
        await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("On a call");
        await ShotAsync(page, "4-connected");

        Simulator.EndTalk(phone);
        await Assertions.Expect(page.GetByTestId("workspace-call-status")).ToContainTextAsync("Ended: Person");
        await Assertions.Expect(page.GetByTestId("wrapup-save")).ToHaveTextAsync("Save and go Ready");
        await page.GetByTestId("wrapup-disposition").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Follow-up needed", Exact = true }).ClickAsync();
        await page.Locator("textarea[data-testid=wrapup-notes], [data-testid=wrapup-notes] textarea").First.FillAsync("Send the credit note");
        await ShotAsync(page, "5-wrap-up");
        await page.GetByTestId("wrapup-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("Ready");
        await Assertions.Expect(page.GetByTestId("wrapup-saved")).ToContainTextAsync("Follow-up needed");
        await ShotAsync(page, "6-ready-again");
        await using var db = await ApiServices.DbAsync(portal.Host);
        var done = await db.Callbacks.AsNoTracking().Include(c => c.Events).SingleAsync(c => c.Id == id);
        Assert.Equal((CompletionReason.AgentConnected, "Follow-up needed", "Send the credit note"), (done.Reason, done.Disposition, done.DispositionNotes));
        Assert.Contains(done.Events, e => e.Kind == CallbackEventKinds.WrapUp && e.Actor == Actor.Agent && e.ActorName == agent.Name);
        Assert.Equal(AgentPresence.Ready, (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agent.Id)).Presence);
    }

    [Fact]
    public async Task ClosingThePageMidCallLeavesTheAgentNotReadyAfterTheCallWhileTheCallbackCompletes()
    {
        var (service, agent, email) = await AgentAndServiceAsync("gone", wrapUpSeconds: 1);
        var phone = "+12025550182";
        Simulator.Script(phone, SimulatedOutcome.Person);
        Simulator.HoldTalk(phone);
        var page = await WorkspaceAsync(email);
        await page.GetByTestId("go-ready").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("Ready");
        var id = await RequestAsync(service.Key, phone);
        await page.GetByTestId("preview-accept").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-call-status")).ToContainTextAsync("Connected for");

        await page.Context.CloseAsync();

        Assert.True(await AgentAsync(agent.Id, a => a.NotReadyAfterCall && a.Presence == AgentPresence.OnCall, TimeSpan.FromSeconds(40)),
            "the agent was not marked to go NotReady after the call");
        Simulator.EndTalk(phone);
        Assert.True(await AgentAsync(agent.Id, a => a.Presence == AgentPresence.NotReady && !a.NotReadyAfterCall, TimeSpan.FromSeconds(30)),
            "the agent did not end NotReady after the call");
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(CompletionReason.AgentConnected, (await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == id)).Reason);
    }

    [Fact]
    public async Task ARefreshDoesNotMakeAWorkingAgentNotReady()
    {
        var (_, agent, email) = await AgentAndServiceAsync("refresh", wrapUpSeconds: 1);
        var page = await WorkspaceAsync(email);
        await page.GetByTestId("go-ready").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("Ready");
        var decided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attendance = portal.Host.Services.GetRequiredService<WorkspaceAttendance>();
        void OnDecided(Guid id, bool gone)
        {
            if (id == agent.Id)
            {
                decided.TrySetResult(gone);
            }
        }
        attendance.Decided += OnDecided;
        try
        {
            await page.ReloadAsync();
            await Browser.WaitForCircuitAsync(page);
            await Assertions.Expect(page.GetByTestId("workspace-presence-value")).ToHaveTextAsync("Ready");

            Assert.False(await decided.Task.WaitAsync(TimeSpan.FromSeconds(40)), "the refresh counted as leaving");
        }
        finally
        {
            attendance.Decided -= OnDecided;
        }
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(AgentPresence.Ready, (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agent.Id)).Presence);
    }

    [Fact]
    public async Task AnAgentUserWithoutALinkedAgentIsToldHowToGetLinked()
    {
        var email = $"ws-unlinked-{Guid.NewGuid().ToString("N")[..6]}@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, Roles.Agent);

        var page = await WorkspaceAsync(email);

        await Assertions.Expect(page.GetByTestId("workspace-no-agent")).ToContainTextAsync("/configuration/agents");
        await ShotAsync(page, "0-no-agent");
    }

    private async Task<(CallbackService Service, Agent Agent, string Email)> AgentAndServiceAsync(string name, int wrapUpSeconds)
    {
        var skill = $"ws-{name}-{Guid.NewGuid().ToString("N")[..6]}";
        var email = $"{skill}@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, Roles.Agent);
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            s.Name = "Billing";
            s.RequiredSkills = [new RequiredSkill { Skill = skill }];
            (s.PreviewEnabled, s.PreviewTimeoutSeconds, s.WrapUpSeconds, s.RetryIntervalSeconds) = (true, 120, wrapUpSeconds, 1);
        });
        await using var db = await ApiServices.DbAsync(portal.Host);
        var agent = new Agent
        {
            Id = Guid.NewGuid(), Name = "Grace " + name, Phone = $"sip:{skill}@agents.test", Skills = [new AgentSkill { Skill = skill, Level = 3 }],
            UserId = (await db.Users.SingleAsync(u => u.Email == email)).Id,
        };
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return (service, agent, email);
    }

    private async Task<IPage> WorkspaceAsync(string email)
    {
        var page = await BrowserSession.LoggedInAsync(browser, portal, email, new BrowserNewContextOptions());
        await page.GotoAsync("/agent");
        await Browser.WaitForCircuitAsync(page);
        // Screenshots show states, not MudBlazor's colour transitions between them.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        return page;
    }

    private async Task<Guid> RequestAsync(string service, string phone)
    {
        using var client = portal.Host.NewClient();
        var response = await ApiServices.CreateCallbackAsync(client.Http, service, new
        {
            phoneNumber = phone, firstName = "Ada", lastName = "Lovelace", notes = "Invoice 2026-114 looks doubled",
            userData = new Dictionary<string, object> { ["order"] = "A-17", ["page"] = "/billing/invoices" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiServices.JsonAsync(response)).GetProperty("id").GetGuid();
    }

    private Task<bool> AgentAsync(Guid id, Func<Agent, bool> condition, TimeSpan limit) => ApiServices.EventuallyAsync(async () =>
    {
        await using var db = await ApiServices.DbAsync(portal.Host);
        return condition(await db.Agents.AsNoTracking().SingleAsync(a => a.Id == id));
    }, limit);

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png"), FullPage = true });
    }
}
