using System.Globalization;
using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.CallbackDetail;

/// <summary>A supervisor works one callback created through the API in Chromium at 1366×768: dial now, reschedule (refused, then done), cancel.</summary>
[Collection(PortalCollection.Name)]
public sealed class CallbackDetailInTheBrowserTests(SharedPortal portal) : IAsyncLifetime
{
    private readonly Infrastructure.Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task ASupervisorDialsNowReschedulesAndCancelsACallback()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => (s.Name, s.Schedule) = ("Billing in Berlin", ServiceSchedule.AlwaysOpen("Europe/Berlin")));
        using var consumer = portal.Host.NewClient();
        var created = await ApiServices.CreateCallbackAsync(consumer.Http, service.Key, new
        {
            phoneNumber = "+12025550188", firstName = "Grace", lastName = "Hopper", notes = "About invoice 42",
            userData = new Dictionary<string, string> { ["page"] = "/checkout", ["cartValue"] = "129.90" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiServices.JsonAsync(created)).GetProperty("id").GetGuid();
        var page = await browser.NewPageAsync(portal.Host.BaseAddress, 1366, 768);
        await Infrastructure.Browser.LogInAsync(page, SharedPortal.EmailFor(Roles.Supervisor), SharedPortal.Password);

        await page.GotoAsync($"/callbacks/{id}");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Queued");
        await Assertions.Expect(page.GetByTestId("journey")).ToContainTextAsync("/checkout");

        await page.GetByTestId("dial-now").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-message")).ToContainTextAsync("first in its queue");
        await Assertions.Expect(page.GetByTestId("schedule-Priority")).ToHaveTextAsync("1000");

        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, berlin).Date;
        await page.GetByTestId("reschedule").ClickAsync();
        await PickAsync(page, today.AddDays(-1), "15:00");
        await Assertions.Expect(page.GetByTestId("action-message")).ToContainTextAsync("Refused by desired time");
        await Infrastructure.Browser.ScreenshotAsync(page, "callback-detail-reschedule-refused");
        await PickAsync(page, today.AddDays(1), "15:00");
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Scheduled");
        await Assertions.Expect(page.GetByTestId("schedule-Asked for")).ToHaveTextAsync(today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 15:00:00");
        await page.Mouse.MoveAsync(0, 0);
        await Infrastructure.Browser.ScreenshotAsync(page, "callback-detail-scheduled");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

        await page.GetByTestId("cancel").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel callback" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.GetByTestId("reason")).ToHaveTextAsync("CancelledByAdmin");
        await Infrastructure.Browser.ScreenshotAsync(page, "callback-detail-cancelled");

        Assert.Equal(0, overflow);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var stored = await db.Callbacks.AsNoTracking().Include(c => c.Events).SingleAsync(c => c.Id == id);
        Assert.Equal((CallbackState.Completed, CompletionReason.CancelledByAdmin, Callback.DialNowPriority), (stored.State, stored.Reason, stored.Priority));
        Assert.Equal(new DateTimeOffset(today.AddDays(1).AddHours(15), berlin.GetUtcOffset(today.AddDays(1).AddHours(15))), stored.DesiredTime);
        Assert.Equal(3, stored.Events.Count(e => e.ActorName == SharedPortal.EmailFor(Roles.Supervisor)));
    }

    [Fact]
    public async Task AMonitorSeesAWholeHistoryWithMaskedNumbersAndAnUnknownIdKindly()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => (s.Name, s.Schedule) = ("Support in Berlin", ServiceSchedule.AlwaysOpen("Europe/Berlin")));
        var (ada, callback) = DetailHarness.History(service.Id, DateTimeOffset.UtcNow.AddHours(-1));
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.Agents.Add(ada);
            db.Callbacks.Add(callback);
            await db.SaveChangesAsync();
        }
        var page = await browser.NewPageAsync(portal.Host.BaseAddress, 1366, 768);
        await Infrastructure.Browser.LogInAsync(page, SharedPortal.EmailFor(Roles.Monitor), SharedPortal.Password);

        await page.GotoAsync($"/callbacks/{callback.Id}");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Dial attempt 2 to consumer " + PhoneMasking.Mask(DetailHarness.Phone));
        await Infrastructure.Browser.ScreenshotAsync(page, "callback-detail-monitor");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var html = await page.ContentAsync();

        await page.GotoAsync($"/callbacks/{Guid.NewGuid()}");
        await Assertions.Expect(page.GetByTestId("no-such-callback")).ToContainTextAsync("No such callback");
        await Infrastructure.Browser.ScreenshotAsync(page, "callback-detail-unknown");

        Assert.Equal(0, overflow);
        Assert.DoesNotContain(DetailHarness.Phone[2..], html, StringComparison.Ordinal);
    }

    private static async Task PickAsync(IPage page, DateTime date, string time)
    {
        await FillAsync(page, "reschedule-date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await FillAsync(page, "reschedule-time", time);
        await page.GetByTestId("reschedule-save").ClickAsync();
    }

    /// <summary>Types into a picker's text field (MudBlazor puts the test id on the input or on its wrapper, depending on the picker).</summary>
    private static async Task FillAsync(IPage page, string testId, string text)
    {
        var input = page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }
}
