using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>An administrator edits and deletes click-to-call groups in Chromium.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallPageInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Infrastructure.Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task EditingAGroupWithAReservationTooShortShowsTheFieldsError()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 2);
        using var consumer = portal.Host.NewClient();
        await ClickToCallFixture.RequestAsync(consumer.Http, group);
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Click-to-call" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Click-to-call" })).ToBeVisibleAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = group.Key }).GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"Edit {group.Key}")).ToBeVisibleAsync();
        await page.GetByLabel("Reservation (s)").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByText("A reservation lasts 30 to 3600 seconds.")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "click-to-call");
    }

    [Fact]
    public async Task DeletingAGroupAsksFirstAndAGroupWithALiveReservationIsKeptWithTheReason()
    {
        var (idle, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var (busy, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        using var consumer = portal.Host.NewClient();
        var past = await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(consumer.Http, idle));
        var ivr = await ClickToCallFixture.KeyAsync(portal.Host, ApiKeyScopes.ClickToCall);
        (await ClickToCallFixture.MatchAsync(consumer.Http, ivr, "dnis=" + Uri.EscapeDataString(past.GetProperty("toPhoneNumber").GetString()!))).EnsureSuccessStatusCode();
        await ClickToCallFixture.RequestAsync(consumer.Http, busy);
        var page = await BrowserSession.LoggedInAsync(browser, portal, Roles.Administrator);
        await page.GotoAsync("/integration/click-to-call");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        var groups = page.GetByTestId("c2c-groups");
        var dialog = page.GetByRole(AriaRole.Dialog);
        var records = page.GetByTestId("c2c-records");
        await Assertions.Expect(records).ToContainTextAsync(idle.Key);

        await groups.GetByRole(AriaRole.Row).Filter(new() { HasText = idle.Key }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync($"Delete {idle.Key}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(groups).ToContainTextAsync(idle.Key);
        await groups.GetByRole(AriaRole.Row).Filter(new() { HasText = idle.Key }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(groups).Not.ToContainTextAsync(idle.Key);
        await Assertions.Expect(records).Not.ToContainTextAsync(idle.Key); // its reservations went with it
        await groups.GetByRole(AriaRole.Row).Filter(new() { HasText = busy.Key }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("c2c-delete-problem")).ToContainTextAsync($"A reservation of '{busy.Key}' is live until");
        await Assertions.Expect(groups).ToContainTextAsync(busy.Key);
    }
}
