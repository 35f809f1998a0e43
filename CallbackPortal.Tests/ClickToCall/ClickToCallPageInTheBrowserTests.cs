using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>An administrator edits a click-to-call group in Chromium and sees the field's error.</summary>
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
}
