using Microsoft.Playwright;
using PhoneNumbers;

namespace CallbackPortal.Tests.Widget;

/// <summary>How the widget looks and reads: a page's own form and language, a hostile page's CSS, a phone's width, right-to-left.</summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetLayoutTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    [Fact]
    public async Task AFormDefinedByThePageRendersInGermanAndItsExtraInputsTravelAsJourneyData()
    {
        var util = PhoneNumberUtil.GetInstance();
        var german = util.GetExampleNumberForType("DE", PhoneNumberType.FIXED_LINE);
        var page = await portal.OpenFormAsync("/custom");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Rückruf anfordern" })).ToBeVisibleAsync();

        await page.GetByLabel("Telefonnummer").FillAsync(util.Format(german, PhoneNumberFormat.NATIONAL));
        await page.GetByLabel("Versicherungsnummer").FillAsync("nonsense");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#cbw-policy-err")).ToHaveTextAsync("Bitte im Format HV-123456.");
        await Assertions.Expect(page.Locator("#cbw-topic-err")).ToHaveTextAsync("Bitte füllen Sie dieses Feld aus.");
        await WidgetPortal.ScreenshotAsync(page, "custom-form");

        await page.GetByLabel("Versicherungsnummer").FillAsync("HV-123456");
        await page.GetByLabel("Anliegen").SelectOptionAsync("claim");
        await page.GetByLabel("Ich bin bereits Kunde").CheckAsync();
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Wir rufen Sie an" })).ToBeVisibleAsync();
        var callback = await portal.OneCallbackToAsync(util.Format(german, PhoneNumberFormat.E164));
        Assert.Equal("HV-123456", callback.UserData["policyNumber"]);
        Assert.Equal("claim", callback.UserData["topic"]);
        Assert.Equal("true", callback.UserData["existingCustomer"]);
        Assert.Equal("web-claims", callback.UserData["channel"]);
        Assert.Equal("home-insurance", callback.UserData["product"]);
        Assert.Equal("de-DE", callback.Language);
    }

    [Fact]
    public async Task TheShopsHostileCssDoesNotReachTheWidget()
    {
        var page = await portal.OpenFormAsync();

        var title = page.Locator("#cbw-title");
        Assert.Equal("21px", await title.EvaluateAsync<string>("e => getComputedStyle(e).fontSize"));
        Assert.DoesNotContain("serif", (await title.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily")).Replace("sans-serif", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("rgb(31, 95, 191)", await page.Locator("button[type=submit]").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("border-box", await page.GetByLabel("Phone number").EvaluateAsync<string>("e => getComputedStyle(e).boxSizing"));
        // The shop's own button keeps the shop's style: the widget did not restyle the page either.
        Assert.Equal("rgb(255, 105, 180)", await page.Locator("#call-me-back").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await WidgetPortal.ScreenshotAsync(page, "hostile-css");
    }

    [Fact]
    public async Task OnA360PixelPhoneTheFormIsAFullScreenSheetWithoutSidewaysScrolling()
    {
        var page = await portal.OpenFormAsync(width: 360, height: 740);

        var box = await page.GetByRole(AriaRole.Dialog).BoundingBoxAsync();
        Assert.Equal((0, 360, 740), ((int)box!.X, (int)box.Width, (int)box.Height));
        Assert.True(await page.GetByRole(AriaRole.Dialog).EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"));
        await Assertions.Expect(page.Locator("button[type=submit]")).ToBeInViewportAsync();
        await WidgetPortal.ScreenshotAsync(page, "mobile-360");
    }

    [Fact]
    public async Task TheArabicPageShowsTheFormRightToLeft()
    {
        var page = await portal.OpenFormAsync("/rtl");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "اطلب مكالمة" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        Assert.Equal("rtl", await dialog.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        var title = await page.Locator("#cbw-title").BoundingBoxAsync();
        var close = await page.GetByRole(AriaRole.Button, new() { Name = "إغلاق" }).BoundingBoxAsync();
        Assert.True(close!.X < title!.X, "the close button sits at the left in right-to-left");
        Assert.Equal("ltr", await page.GetByLabel("رقم الهاتف").GetAttributeAsync("dir"));
        await WidgetPortal.ScreenshotAsync(page, "rtl");
    }
}
