using CallbackPortal.Access;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>The widget with the service's CAPTCHA: the built-in proof of work and a third-party provider's own widget.</summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetCaptchaTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    [Fact]
    public async Task TheProofOfWorkCaptchaIsSolvedWithoutTheVisitorDoingAnything()
    {
        await portal.ChangeSupportAsync(s => s.Captcha = new CaptchaSettings { Provider = CaptchaProvider.ProofOfWork });
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.UsedCaptchaChallenges.RemoveRange(db.UsedCaptchaChallenges);
            await db.SaveChangesAsync();
        }
        var page = await portal.OpenFormAsync();

        await Assertions.Expect(page.GetByText("Robot check passed.")).ToBeVisibleAsync();
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0103");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        await portal.OneCallbackToAsync("+12025550103");
        await using var check = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await check.UsedCaptchaChallenges.CountAsync());
    }

    [Fact]
    public async Task OnAPageWithAStrictCspTheWidgetIsStyledAndSolvesTheProofOfWorkWithoutABlobWorker()
    {
        await portal.ChangeSupportAsync(s => s.Captcha = new CaptchaSettings { Provider = CaptchaProvider.ProofOfWork });
        var page = await portal.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            lock (violations)
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    violations.Add(message.Text);
                }
            }
        };
        await page.GotoAsync("/csp");
        await page.Locator("#call-me-back").ClickAsync();

        await Assertions.Expect(page.GetByText("Robot check passed.")).ToBeVisibleAsync();
        Assert.Equal("rgb(31, 95, 191)", await page.Locator("button[type=submit]").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0108");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        await portal.OneCallbackToAsync("+12025550108");
        await WidgetPortal.ScreenshotAsync(page, "strict-csp");
        lock (violations)
        {
            // The blob: worker was refused (so the main-thread fallback solved it); nothing else was.
            Assert.NotEmpty(violations);
            Assert.All(violations, v => Assert.Contains("blob:", v, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AThirdPartyCaptchaRendersItsOwnWidgetInTheLightDomAndItsTokenIsVerified()
    {
        var secrets = portal.Host.Services.GetRequiredService<SecretProtector>();
        var before = (await portal.SupportAsync())!.Captcha;
        await portal.ChangeSupportAsync(s => s.Captcha = new CaptchaSettings
        {
            Provider = CaptchaProvider.Turnstile, SiteKey = "site-key-demo", SecretProtected = secrets.Protect("turnstile-secret"),
        });
        try
        {
            var page = await portal.NewPageAsync();
            // Turnstile's script, as far as the widget can tell: render() draws a checkbox, getResponse() gives its token.
            await page.RouteAsync("https://challenges.cloudflare.com/**", route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = """
                window.turnstile = {
                  render(el, options) { el.innerHTML = '<label><input type="checkbox" id="human"> I am human (' + options.sitekey + ')</label>'; return 'w1'; },
                  getResponse() { return document.getElementById('human').checked ? 'human-token' : ''; },
                  reset() { document.getElementById('human').checked = false; }
                };
                """ }));
            await page.GotoAsync("/");
            await page.Locator("#call-me-back").ClickAsync();
            var human = page.Locator("[data-callback-widget] > [slot=captcha] #human");
            await Assertions.Expect(human).ToBeVisibleAsync();
            await page.GetByLabel("Phone number").FillAsync("(202) 555-0107");

            await page.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#cbw-captcha-err")).ToHaveTextAsync("Please complete the check that you are not a robot.");
            await human.CheckAsync();
            await page.Locator("button[type=submit]").ClickAsync();

            await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
            await portal.OneCallbackToAsync("+12025550107");
            Assert.True(portal.SiteVerifyWasAsked("human-token", "turnstile-secret"));
            await Assertions.Expect(page.Locator("[slot=captcha]")).ToHaveCountAsync(0);
        }
        finally
        {
            await portal.ChangeSupportAsync(s => s.Captcha = before);
        }
    }
}
