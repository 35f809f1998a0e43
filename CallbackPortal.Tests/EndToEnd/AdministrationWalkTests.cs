using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

using CallbackPortal.Tests.Configuration;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>
/// The administration walk of issue 5, in Chromium at 1366×768: an administrator creates a service with office hours and
/// capacity, a skill and an agent holding it, a rule on the new service, tests a premium number and sees it refused with
/// the reason, allows a CORS origin, and finds each change in the audit log.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AdministrationWalkTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AnAdministratorSetsUpAServiceAgentRuleAndOriginAndTheAuditLogShowsEachChange()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (skill, agentName, key) = ($"care-{suffix}", $"Agent {suffix}", $"walk-{suffix}");
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "Services", Exact = true }).ClickAsync();
        await page.GetByTestId("new-service").ClickAsync();
        await Field(page, "service-key").FillAsync(key);
        await Field(page, "service-name").FillAsync($"Walk {suffix}");
        await Tab(page, "Office hours").ClickAsync();
        await page.GetByTestId("add-opening-Saturday").ClickAsync();
        await Field(page, "opens-Saturday").FillAsync("10:00");
        await Field(page, "closes-Saturday").FillAsync("14:00");
        await Field(page, "closes-Saturday").PressAsync("Tab");
        await Tab(page, "Capacity").ClickAsync();
        await page.GetByTestId("cell-Monday-0900").FillAsync("5");
        await page.GetByTestId("cell-Monday-0900").PressAsync("Tab");
        await page.GetByTestId("service-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-saved")).ToContainTextAsync("Created");
        await using (var created = await ApiServices.DbAsync(portal.Host))
        {
            var stored = await created.CallbackServices.AsNoTracking().SingleAsync(s => s.Key == key);
            Assert.Contains(stored.Schedule.Weekly, r => r.Day == DayOfWeek.Saturday && r.Start == new TimeOnly(10, 0) && r.End == new TimeOnly(14, 0));
            Assert.Contains(stored.Capacity.WeeklyOverrides, e => e.Day == DayOfWeek.Monday && e.SlotStart == new TimeOnly(9, 0) && e.Capacity == 5);
        }
        var service = (await ServiceAsync(key))!;

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

        await page.GetByRole(AriaRole.Link, new() { Name = "Rules", Exact = true }).ClickAsync();
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

        await page.GotoAsync($"/integration/cors?service={key}");
        await Browser.WaitForCircuitAsync(page);
        await Field(page, "new-origin").FillAsync("https://shop.example.com");
        await page.GetByTestId("add-origin").ClickAsync();
        await Assertions.Expect(page.GetByTestId("origin")).ToHaveTextAsync("https://shop.example.com");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log", Exact = true }).ClickAsync();
        await Field(page, "audit-text").FillAsync(suffix);
        await page.GetByTestId("audit-search").ClickAsync();
        var targets = page.GetByTestId("audit-target");
        await Assertions.Expect(targets).ToHaveTextAsync([key, key, agentName, agentName, skill, key]);
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "origin added" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-changes")).ToContainTextAsync("https://shop.example.com");
        await ViewAsync(page, "administration-audit-walk");

        await using var db = await ApiServices.DbAsync(portal.Host);
        var agent = await db.Agents.AsNoTracking().SingleAsync(a => a.Name == agentName);
        Assert.Equal((skill, 7, "+12015550123"), (agent.Skills.Single().Skill, agent.Skills.Single().Level, agent.Phone));
        Assert.Equal("+44 70", (await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == service.Id)).Rules.BlockedPatterns.Single().Pattern);
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.Target == skill || e.Target == agentName || e.Target == service.Key).OrderBy(e => e.Id).Select(e => e.Area + " " + e.Action).ToListAsync();
        Assert.Equal(
            [$"{AuditAreas.Services} created", $"{AuditAreas.Skills} created", $"{AuditAreas.Agents} created", $"{AuditAreas.Agents} presence", $"{AuditAreas.Rules} updated", $"{AuditAreas.Cors} origin added"],
            audited);
    }

    /// <summary>What a person sees at 1366×768 (the full-page screenshot repeats the fixed app bar oddly on long pages).</summary>
    private static Task ViewAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png") });

    private async Task<CallbackPortal.Services.CallbackService?> ServiceAsync(string key)
    {
        await using var db = await ApiServices.DbAsync(portal.Host);
        return await db.CallbackServices.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key);
    }

    private static ILocator Tab(IPage page, string title) => page.Locator(".mud-tab").Filter(new() { HasText = title });

    /// <summary>MudBlazor puts a data-testid on the input or on its wrapper depending on the component: accept either.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input").First;

}
