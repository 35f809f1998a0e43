using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>The widget's service API from page script, and what a visitor sees when the API is down or refuses the page's origin.</summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetApiTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    [Fact]
    public async Task AHeadlessPageSchedulesThroughTheCommandApiAndHearsTheEvents()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/headless");
        await Assertions.Expect(page.Locator("#events li").First).ToHaveTextAsync("ready");
        await Assertions.Expect(page.Locator("#when option")).Not.ToHaveCountAsync(1);

        await page.Locator("#phone").FillAsync("+1 202 555 0201");
        await page.Locator("#name").FillAsync("Grace");
        await page.Locator("#send").ClickAsync();

        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Requested: ");
        await Assertions.Expect(page.Locator("#events li")).ToHaveTextAsync(["ready", "submitted", "completed"]);
        var callback = await portal.OneCallbackToAsync("+12025550201");
        Assert.Equal(("Grace", "contact-us"), (callback.FirstName, callback.UserData["screen"]));
        Assert.Empty(await page.Locator("[data-callback-widget]").AllAsync());

        // A refused request rejects the promise with the stable code and fires scheduleError and error.
        await page.Locator("#phone").FillAsync("+1 900 555 0201");
        await page.Locator("#send").ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToHaveTextAsync("Refused: number-not-allowed");
        await Assertions.Expect(page.Locator("#events li")).ToHaveTextAsync(
            ["ready", "submitted", "completed", "submitted", "scheduleError number-not-allowed", "error number-not-allowed"]);

        // Status, cancel and off work from page script too.
        var answer = await page.EvaluateAsync<string>("""
            async () => {
              const status = await CallbackWidget.command('status');
              let heard = 0;
              const handler = () => heard++;
              CallbackWidget.on('cancelled', handler).off('cancelled', handler);
              await CallbackWidget.command('cancel');
              return `${status.service} ${status.offerImmediate} ${heard}`;
            }
            """);
        Assert.Equal("support true 0", answer);
        await Assertions.Expect(page.Locator("#events li").Last).ToHaveTextAsync("cancelled");
        Assert.Equal(Callbacks.CallbackState.Completed, (await portal.OneCallbackToAsync("+12025550201")).State);
    }

    [Fact]
    public async Task OpenWithPrefillAndAutoSubmitAsksForTheCallbackAtOnce()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync("() => window.CallbackWidget && CallbackWidget.sessionId");

        await page.EvaluateAsync("() => { CallbackWidget.command('open', { prefill: { firstName: 'Katherine', phoneNumber: '(202) 555-0202' }, autoSubmit: true }); }");

        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        Assert.Equal("Katherine", (await portal.OneCallbackToAsync("+12025550202")).FirstName);
    }

    [Fact]
    public async Task AProactiveWidgetOpensByItselfAndSaysSoInItsLifecycle()
    {
        var page = await portal.NewPageAsync();
        var opened = new TaskCompletionSource<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/lifecycle", StringComparison.Ordinal) && request.PostData?.Contains("\"event\":\"opened\"", StringComparison.Ordinal) == true)
            {
                opened.TrySetResult(request.PostData);
            }
        };
        await page.GotoAsync("/custom");

        await page.EvaluateAsync("() => CallbackWidget.init({ service: 'support', proactive: { afterSeconds: 1 } })");

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Receive a Call" })).ToBeVisibleAsync();
        using var batch = System.Text.Json.JsonDocument.Parse(await opened.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var openedEvent = batch.RootElement.EnumerateArray().Single(e => e.GetProperty("event").GetString() == "opened");
        Assert.True(openedEvent.GetProperty("metadata").GetProperty("flags").GetProperty("proactive").GetBoolean());
        Assert.Equal(1, openedEvent.GetProperty("metadata").GetProperty("counters").GetProperty("opened").GetInt32());
    }

    [Fact]
    public async Task WhenTheApiIsTooSlowTheVisitorIsToldAndTheRetryMakesOneCallback()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/custom");
        await page.EvaluateAsync("() => CallbackWidget.init({ service: 'support', timeoutMs: 1500 })");
        var slow = true;
        await page.RouteAsync("**/api/v1/services/support/callbacks", async route =>
        {
            if (slow)
            {
                return; // never answered: the widget gives up after its timeout
            }
            await route.ContinueAsync();
        });
        await page.Locator("#call-me-back").ClickAsync();
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0204");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("button[type=submit]")).ToBeDisabledAsync();

        await Assertions.Expect(page.Locator("#cbw-general")).ToContainTextAsync("We couldn't reach the callback service in time. Try again.");
        slow = false;
        await page.Locator("#cbw-general").GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        await portal.OneCallbackToAsync("+12025550204");
    }

    [Fact]
    public async Task WhenTheApiDoesNotAnswerTheVisitorRetriesAndExactlyOneCallbackIsMade()
    {
        var page = await portal.OpenFormAsync();
        var down = true;
        // The first create reaches the portal but its answer is lost on the way back, as with a dropped connection.
        await page.RouteAsync("**/api/v1/services/support/callbacks", async route =>
        {
            if (down)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionrefused");
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.RouteAsync("**/health/live", route => down ? route.AbortAsync("connectionrefused") : route.ContinueAsync());

        await page.GetByLabel("Phone number").FillAsync("(202) 555-0203");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-general")).ToContainTextAsync("We couldn't reach the callback service.");
        await Assertions.Expect(page.Locator("button[type=submit]")).ToBeEnabledAsync();
        await WidgetPortal.ScreenshotAsync(page, "api-down");
        down = false;
        await page.Locator("#cbw-general").GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();

        await Assertions.Expect(page.Locator("#cbw-promised")).ToBeVisibleAsync();
        var callback = await portal.OneCallbackToAsync("+12025550203");
        await Assertions.Expect(page.Locator("[data-reference]")).ToHaveAttributeAsync("data-reference", callback.Id.ToString());
    }

    [Fact]
    public async Task APageWhoseOriginIsNotAllowedSeesAClearMessageAndTheOwnerAConsoleHint()
    {
        var allowed = (await portal.SupportAsync())!.AllowedOrigins;
        await portal.ChangeSupportAsync(s => s.AllowedOrigins = []);
        try
        {
            var page = await portal.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (errors)
                    {
                        errors.Add(message.Text);
                    }
                }
            };
            await page.GotoAsync("/");
            await page.Locator("#call-me-back").ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Callbacks can't be requested from this page.");
            await WidgetPortal.ScreenshotAsync(page, "cors-refused");
            string hint;
            lock (errors)
            {
                hint = Assert.Single(errors, e => e.StartsWith("CallbackWidget:", StringComparison.Ordinal));
            }
            Assert.Contains(portal.Pages.GetLeftPart(UriPartial.Authority), hint, StringComparison.Ordinal);
            Assert.Contains("\"support\"", hint, StringComparison.Ordinal);
            Assert.Contains("Integration → CORS domains", hint, StringComparison.Ordinal);
        }
        finally
        {
            await portal.ChangeSupportAsync(s => s.AllowedOrigins = allowed);
        }
    }
}
