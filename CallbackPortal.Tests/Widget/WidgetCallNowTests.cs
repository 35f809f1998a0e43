using CallbackPortal.ClickToCall;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>Click-To-Call-In in the widget: on a phone, "Call us now" reserves a number and code and offers the tel: link.</summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetCallNowTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    [Fact]
    public async Task OnAPhoneTheVisitorGetsAReservedNumberAndCodeToCallAndTheIvrMatchesItToThePage()
    {
        var key = "c2c-" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var support = await db.CallbackServices.SingleAsync(s => s.Key == "support");
            db.ClickToCallGroups.Add(new ClickToCallGroup
            {
                Id = Guid.NewGuid(), Key = key, Name = "Call now", Numbers = ["+12025550190"], AccessCodeDigits = 4, ReservationSeconds = 300,
                TargetServiceId = support.Id,
            });
            await db.SaveChangesAsync();
        }
        var page = await portal.NewPageAsync(360, 740);
        await page.GotoAsync("/?utm_source=app");
        await page.EvaluateAsync("key => CallbackWidget.init({ service: 'support', clickToCall: key })", key);
        var reserved = page.EvaluateAsync<string>("() => new Promise(done => CallbackWidget.on('callNow', r => done(r.toPhoneNumber)))");
        await page.EvaluateAsync("() => CallbackWidget.command('open')");

        await page.Locator("#cbw-call-now").ClickAsync();

        Assert.Equal("+12025550190", await reserved);
        var link = page.Locator("#cbw-call-link");
        await Assertions.Expect(link).ToHaveTextAsync("Call +12025550190");
        await using var check = await ApiServices.DbAsync(portal.Host);
        var reservation = await check.ClickToCallReservations.AsNoTracking().SingleAsync(r => r.ToPhoneNumber == "+12025550190" && r.MatchedAt == null);
        Assert.Equal($"tel:+12025550190,{reservation.AccessCode}#", await link.GetAttributeAsync("href"));
        await Assertions.Expect(page.GetByText($"enter the code {reservation.AccessCode}")).ToBeVisibleAsync();
        Assert.Contains("app", reservation.UserData.Values);
        await WidgetPortal.ScreenshotAsync(page, "call-now");

        // A second visitor finds the only line held and is told so at the button, without losing the form.
        var second = await portal.NewPageAsync(360, 740);
        await second.GotoAsync("/");
        await second.EvaluateAsync("key => CallbackWidget.init({ service: 'support', clickToCall: key })", key);
        await second.EvaluateAsync("() => CallbackWidget.command('open')");
        await second.Locator("#cbw-call-now").ClickAsync();
        await Assertions.Expect(second.Locator("#cbw-call-now-err")).ToContainTextAsync("All our lines are busy");
        await Assertions.Expect(second.GetByLabel("Phone number")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OnADesktopTheFormOffersNoCallNow()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => CallbackWidget.init({ service: 'support', clickToCall: 'any-group' })");
        await page.EvaluateAsync("() => CallbackWidget.command('open')");

        await Assertions.Expect(page.GetByLabel("Phone number")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#cbw-call-now").CountAsync());
    }
}
