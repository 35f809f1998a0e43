using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>The stock widget on the demo shop page (another origin): a visitor asks for a callback, now or at a time, and manages it.</summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetFormTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    [Fact]
    public async Task AVisitorAsksForACallAsSoonAsPossibleAndSeesTheReferenceAndTheWait()
    {
        var page = await portal.NewPageAsync();
        var lifecycle = new List<(string ContentType, string Body)>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/lifecycle", StringComparison.Ordinal))
            {
                lock (lifecycle)
                {
                    lifecycle.Add((request.Headers.GetValueOrDefault("content-type", ""), request.PostData ?? ""));
                }
            }
        };
        await page.GotoAsync("/?utm_source=newsletter&utm_campaign=spring&token=secret-123");
        await page.Locator("#call-me-back").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Receive a Call" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("As soon as possible")).ToBeCheckedAsync();
        await WidgetPortal.ScreenshotAsync(page, "open-form");

        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0101");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-promised")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^In about \\d+ min$"));
        var callback = await portal.OneCallbackToAsync("+12025550101");
        await Assertions.Expect(page.Locator("[data-reference]")).ToHaveTextAsync(callback.Id.ToString("N")[..8].ToUpperInvariant());
        Assert.True(callback.IsImmediate);
        Assert.Equal("Ada", callback.FirstName);
        // Journey context: the page without its query (which may hold secrets), and the campaign parameters.
        Assert.Equal(portal.Pages.ToString(), callback.UserData["page"]);
        Assert.Equal(("newsletter", "spring"), (callback.UserData["utm_source"], callback.UserData["utm_campaign"]));
        Assert.DoesNotContain(callback.UserData.Values, v => v.Contains("secret", StringComparison.Ordinal));
        await WidgetPortal.ScreenshotAsync(page, "confirmation");

        // The interaction lifecycle goes out as text/plain batches (no preflight), in order, without the phone number.
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(Sent().Any(l => l.Body.Contains("\"completed\"", StringComparison.Ordinal)))));
        var sent = Sent();
        Assert.All(sent, l => Assert.StartsWith("text/plain", l.ContentType, StringComparison.Ordinal));
        Assert.All(sent, l => Assert.DoesNotContain("555-0101", l.Body, StringComparison.Ordinal));
        Assert.All(sent, l => Assert.DoesNotContain("2025550101", l.Body, StringComparison.Ordinal));
        var events = sent.SelectMany(l => System.Text.Json.JsonDocument.Parse(l.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("event").GetString())).ToList();
        Assert.Equal(["ready", "opened", "started", "submitted", "completed"], events);

        List<(string ContentType, string Body)> Sent()
        {
            lock (lifecycle)
            {
                return [.. lifecycle];
            }
        }
    }

    [Fact]
    public async Task AVisitorChoosesADayAndAnOpenSlot()
    {
        var page = await portal.OpenFormAsync();

        await page.GetByLabel("At a time I choose").CheckAsync();
        await Assertions.Expect(page.GetByText("Times are in America/New_York.")).ToBeVisibleAsync();
        // Tomorrow, on the service's clock, has a whole day of slots whatever the time now (late evening leaves today with few).
        await page.Locator("#cbw-slot-day").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var slot = await page.Locator("#cbw-slot-time option").Nth(2).GetAttributeAsync("value");
        await page.Locator("#cbw-slot-time").SelectOptionAsync(slot!);
        await WidgetPortal.ScreenshotAsync(page, "slot-picker");
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0102");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        var callback = await portal.OneCallbackToAsync("+12025550102");
        Assert.False(callback.IsImmediate);
        Assert.Equal(DateTimeOffset.Parse(slot!, System.Globalization.CultureInfo.InvariantCulture), callback.DesiredTime);
    }

    [Fact]
    public async Task WhenTheServiceIsClosedOnlyTimeSlotsAreOffered()
    {
        var open = (await portal.SupportAsync())!.Schedule;
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1));
        await portal.ChangeSupportAsync(s => s.Schedule = new ServiceSchedule
        {
            TimeZone = "UTC",
            ExtraOpenings = [new DatedRange(tomorrow, new TimeOnly(9, 0), new TimeOnly(17, 0))],
        });
        try
        {
            var page = await portal.OpenFormAsync();

            await Assertions.Expect(page.GetByText("We are closed right now: choose a time for your call.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("As soon as possible")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#cbw-slot-time")).ToBeVisibleAsync();
            await page.GetByLabel("Phone number").FillAsync("(202) 555-0106");
            await page.Locator("button[type=submit]").ClickAsync();

            await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
            var callback = await portal.OneCallbackToAsync("+12025550106");
            Assert.Equal(new DateTimeOffset(tomorrow, new TimeOnly(9, 0), TimeSpan.Zero), callback.DesiredTime);
        }
        finally
        {
            await portal.ChangeSupportAsync(s => s.Schedule = open);
        }
    }

    [Fact]
    public async Task APremiumNumberIsRefusedWithItsMessageAtThePhoneField()
    {
        var page = await portal.OpenFormAsync();

        await page.GetByLabel("Phone number").FillAsync("+1 900 555 0104");
        await page.Locator("button[type=submit]").ClickAsync();

        var phone = page.GetByLabel("Phone number");
        await Assertions.Expect(page.Locator("#cbw-cb-phone-err")).ToHaveTextAsync("We cannot call this number (premium-rate and some other numbers are not accepted).");
        await Assertions.Expect(phone).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(phone).ToHaveAttributeAsync("aria-describedby", "cbw-cb-phone-err");
        await Assertions.Expect(phone).ToBeFocusedAsync();
        await WidgetPortal.ScreenshotAsync(page, "premium-number");
        Assert.Empty(await portal.CallbacksToAsync("+19005550104"));
    }

    [Fact]
    public async Task AVisitorReschedulesAndCancelsFromTheConfirmationEvenAfterAReload()
    {
        var page = await portal.OpenFormAsync();
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0105");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        var callback = await portal.OneCallbackToAsync("+12025550105");

        await page.ReloadAsync();
        await page.Locator("#call-me-back").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await page.Locator("#cbw-new-day").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var slot = await page.Locator("#cbw-new-time option").Nth(3).GetAttributeAsync("value");
        await page.Locator("#cbw-new-time").SelectOptionAsync(slot!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new time" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your callback is moved." })).ToBeVisibleAsync();
        Assert.Equal(DateTimeOffset.Parse(slot!, System.Globalization.CultureInfo.InvariantCulture), (await portal.OneCallbackToAsync("+12025550105")).DesiredTime);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel callback" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your callback is cancelled." })).ToBeVisibleAsync();
        Assert.True(await ApiServices.EventuallyAsync(async () =>
            (await portal.OneCallbackToAsync("+12025550105")) is { State: CallbackState.Completed, Reason: CompletionReason.Cancelled }));
        Assert.Equal(callback.Id, (await portal.OneCallbackToAsync("+12025550105")).Id);
    }
}
