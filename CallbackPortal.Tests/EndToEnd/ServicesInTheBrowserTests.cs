using System.Net;
using System.Text.RegularExpressions;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>An administrator sets up a service in Chromium, at the portal's usual laptop size, and consumers can reach it at once.</summary>
[Collection(PortalCollection.Name)]
public sealed class ServicesInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task AnAdministratorCreatesAServiceWithOfficeHoursAndCapacityAndItAppearsInTheList()
    {
        var key = "web-" + Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await ApiServices.DbAsync(portal.Host))
        {
            seed.Skills.Add(new CallbackPortal.Agents.SkillDefinition { Name = "skill-" + key, CreatedAt = DateTimeOffset.UtcNow });
            await seed.SaveChangesAsync();
        }
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "Services", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Services" })).ToBeVisibleAsync();
        await ShotAsync(page, "services-list");
        await page.GetByTestId("new-service").ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-title")).ToHaveTextAsync("New service");
        await ShotAsync(page, "services-new");
        await page.GetByTestId("service-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-errors")).ToContainTextAsync("Nothing was saved");
        await Assertions.Expect(page.GetByText("Use 1 to 64 lower-case letters")).ToBeVisibleAsync();
        await ShotAsync(page, "services-new-refused");
        await Input(page, "service-key").FillAsync(key);
        await Input(page, "service-name").FillAsync("Web " + key);
        await Input(page, "service-caller-id").FillAsync("+12025550188");

        await Tab(page, "Office hours").ClickAsync();
        await Input(page, "service-time-zone").FillAsync("Berlin");
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^Europe\\/Berlin") }).ClickAsync();
        await page.GetByTestId("add-opening-Saturday").ClickAsync();
        await Input(page, "opens-Saturday").FillAsync("10:00");
        await Input(page, "closes-Saturday").FillAsync("14:00");
        await Input(page, "closes-Saturday").PressAsync("Tab");
        await page.GetByTestId("add-holiday").ClickAsync();
        await ShotAsync(page, "services-edit-office-hours");

        await Tab(page, "Capacity").ClickAsync();
        await page.GetByTestId("cell-Monday-0900").FillAsync("5");
        await page.GetByTestId("cell-Monday-0900").PressAsync("Tab");
        await page.GetByTestId("add-exception").ClickAsync();
        await Assertions.Expect(page.GetByTestId("capacity-exceptions")).ToContainTextAsync("09:00–12:00 (12)");
        await ShotAsync(page, "services-edit-capacity");

        await Tab(page, "Dial policy").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dial-mode")).ToBeVisibleAsync();
        await ShotAsync(page, "services-edit-dial-policy");
        await Tab(page, "Required skills").ClickAsync();
        await page.GetByTestId("add-required-skill").ClickAsync();
        await page.GetByTestId("required-skill-name").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "skill-" + key, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("skill-warning")).ToContainTextAsync($"No agent holds 'skill-{key}' at level 1");
        await ShotAsync(page, "services-edit-required-skills");
        await Tab(page, "Consumer form").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-preview")).ToContainTextAsync("Receive a Call");
        await ShotAsync(page, "services-edit-consumer-form");

        await page.GetByTestId("service-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-saved")).ToContainTextAsync("Created");
        await Assertions.Expect(page.GetByTestId("service-title")).ToHaveTextAsync("Web " + key);
        await ShotAsync(page, "services-edit-created");
        await Tab(page, "General").ClickAsync();
        await Assertions.Expect(Input(page, "service-key")).ToBeDisabledAsync();
        await ShotAsync(page, "services-edit-general");
        await page.GetByTestId("back-to-services").ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = key });
        await Assertions.Expect(row).ToContainTextAsync("Web " + key);
        await ShotAsync(page, "services-list-after");

        using var http = new HttpClient { BaseAddress = portal.Host.BaseAddress };
        var status = await http.GetAsync($"/api/v1/services/{key}/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(key, (await ApiServices.JsonAsync(status)).GetProperty("service").GetString());
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.CallbackServices.SingleAsync(s => s.Key == key);
        Assert.Equal("Europe/Berlin", stored.Schedule.TimeZone);
        Assert.Contains(stored.Schedule.Weekly, r => r.Day == DayOfWeek.Saturday && r.Start == new TimeOnly(10, 0) && r.End == new TimeOnly(14, 0));
        Assert.Contains(stored.Capacity.WeeklyOverrides, e => e.Day == DayOfWeek.Monday && e.SlotStart == new TimeOnly(9, 0) && e.Capacity == 5);
        Assert.Equal(12, stored.Capacity.DatedExceptions.Count);
        Assert.Single(stored.Schedule.Holidays);
        Assert.Equal("skill-" + key, Assert.Single(stored.RequiredSkills).Skill);
    }

    /// <summary>A full-page screenshot from the top, so the fixed app bar sits where a person sees it.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, name);
    }

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input").First;

    private static ILocator Tab(IPage page, string title) => page.Locator(".mud-tab").Filter(new() { HasText = title });
}
