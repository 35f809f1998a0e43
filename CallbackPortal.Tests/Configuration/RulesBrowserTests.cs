using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Configuration;

/// <summary>An administrator in Chromium at 1366×768: a skill, an agent holding it, a rule, and a premium number refused with the reason.</summary>
[Collection(PortalCollection.Name)]
public sealed class RulesBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AnAdministratorAddsASkillAnAgentAndARuleThenSeesAPremiumNumberRefused()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (skill, agentName) = ($"care-{suffix}", $"Agent {suffix}");
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Name = $"Rules page {suffix}");
        var page = await LoggedInAdministratorAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Skills", Exact = true }).ClickAsync();
        await Field(page, "skill-name").FillAsync(skill);
        await Field(page, "skill-description").FillAsync("Customer care, second line");
        await page.GetByTestId("skill-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("skills")).ToContainTextAsync(skill);
        await Browser.ScreenshotAsync(page, "configuration-skills");

        await page.GetByRole(AriaRole.Link, new() { Name = "Agents", Exact = true }).ClickAsync();
        await page.GetByTestId("agent-new").ClickAsync();
        await Field(page, "agent-name").FillAsync(agentName);
        await Field(page, "agent-phone").FillAsync("+1 201 555 0123");
        await page.GetByTestId("agent-add-skill").ClickAsync();
        await page.GetByTestId("agent-skill").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = skill, Exact = true }).ClickAsync();
        await Field(page, "agent-level").FillAsync("7");
        await Browser.ScreenshotAsync(page, "configuration-agent-editor");
        await page.GetByTestId("agent-save").ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = agentName });
        await Assertions.Expect(row).ToContainTextAsync($"{skill} · 7");
        await row.GetByTestId("set-Ready").ClickAsync();
        await Assertions.Expect(row.GetByTestId("agent-presence")).ToContainTextAsync("Ready");
        await Browser.ScreenshotAsync(page, "configuration-agents");

        await page.GotoAsync($"/configuration/rules?service={service.Id}");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("rules-service")).ToContainTextAsync(service.Name);
        await page.GetByTestId("pattern-add").ClickAsync();
        await Field(page, "pattern-text").FillAsync("+44 70");
        await Field(page, "pattern-note").FillAsync("UK personal numbers");
        await page.GetByTestId("rules-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rules-saved")).ToBeVisibleAsync();
        await Field(page, "test-number").FillAsync(RulesTests.PremiumNumber);
        await page.GetByTestId("test-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-verdict")).ToContainTextAsync("Refused by number-type");
        await Assertions.Expect(page.GetByTestId("test-verdict")).ToContainTextAsync("premium-rate number, a type this service does not call");
        await Browser.ScreenshotAsync(page, "configuration-rules");
        await page.GetByTestId("test-trace").ScrollIntoViewIfNeededAsync();
        await ViewAsync(page, "configuration-rules-test");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ViewAsync(page, "configuration-rules-top");

        await using var db = await ApiServices.DbAsync(portal.Host);
        var agent = await db.Agents.AsNoTracking().SingleAsync(a => a.Name == agentName);
        Assert.Equal((skill, 7, "+12015550123"), (agent.Skills.Single().Skill, agent.Skills.Single().Level, agent.Phone));
        Assert.Equal("+44 70", (await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == service.Id)).Rules.BlockedPatterns.Single().Pattern);
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.Target == skill || e.Target == agentName || e.Target == service.Key).Select(e => e.Area + " " + e.Action).ToListAsync();
        Assert.Equal([$"{AuditAreas.Skills} created", $"{AuditAreas.Agents} created", $"{AuditAreas.Agents} presence", $"{AuditAreas.Rules} updated"], audited);
    }

    /// <summary>What a person sees at 1366×768 (the full-page screenshot repeats the fixed app bar oddly on long pages).</summary>
    private static Task ViewAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png") });

    /// <summary>MudBlazor puts a data-testid on the input or on its wrapper depending on the component: accept either.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    private async Task<IPage> LoggedInAdministratorAsync()
    {
        var context = await browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.Host.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", SharedPortal.EmailFor(Roles.Administrator));
        await page.FillAsync("#Input\\.Password", SharedPortal.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Browser.WaitForCircuitAsync(page);
        return page;
    }
}
