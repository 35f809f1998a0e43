using System.Text.Json;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Lifecycle;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallbackPortal.Tests.Widget;

/// <summary>
/// The interaction lifecycle end to end: the real widget on the demo shop (another origin) sends its steps, the portal stores
/// them in order with their metadata and links them to the callback the visitor asked for, and the timeline shows them.
/// </summary>
[Collection(WidgetCollection.Name)]
public sealed class WidgetLifecycleTests(WidgetPortal portal) : IClassFixture<WidgetPortal>
{
    [Fact]
    public async Task TheStepsOfAVisitorsRequestAreStoredInOrderWithTheirMetadataAndLinkedToTheCallback()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#call-me-back").ClickAsync();
        await page.GetByLabel("Phone number").FillAsync("2025550");
        await page.Locator("button[type=submit]").ClickAsync();
        // A refused attempt first (a number of the wrong length), then the visitor corrects it.
        await Assertions.Expect(page.GetByLabel("Phone number")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Phone number").FillAsync("(202) 555-0188");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-reference]")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        var session = await page.EvaluateAsync<string>("() => CallbackWidget.sessionId");
        var callback = await portal.OneCallbackToAsync("+12025550188");

        Assert.Equal(session, callback.WidgetSessionId);
        List<WidgetEvent> events = [];
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            events = await db.WidgetEvents.AsNoTracking().Where(e => e.SessionId == session).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync();
            return events.Any(e => e.Event == WidgetEventNames.Closed) && events.All(e => e.CallbackId == callback.Id);
        }), "the steps were not all stored and linked: " + string.Join(", ", events.Select(e => $"{e.Event}→{e.CallbackId}")));

        Assert.Equal(["ready", "opened", "started", "submitted", "submitted", "completed", "closed"], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(portal.Pages.GetLeftPart(UriPartial.Authority), e.Origin));
        var completed = Metadata(events.Single(e => e.Event == WidgetEventNames.Completed));
        Assert.True(completed.GetProperty("flags").GetProperty("immediate").GetBoolean());
        Assert.False(completed.GetProperty("flags").GetProperty("proactive").GetBoolean());
        Assert.Equal(2, completed.GetProperty("counters").GetProperty("submitAttempts").GetInt32());
        Assert.Equal(1, completed.GetProperty("counters").GetProperty("opened").GetInt32());
        Assert.Contains(completed.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() is "number-not-possible" or "invalid-phone-number");
        Assert.True(completed.GetProperty("timestamps").TryGetProperty("openedAt", out _));
        Assert.True(completed.GetProperty("elapsedMs").EnumerateObject().All(p => p.Value.GetInt64() >= 0));
        Assert.DoesNotContain(events, e => e.Metadata.Contains("555", StringComparison.Ordinal));

        // The supervisor's timeline of the callback shows the widget's steps among its own events.
        var details = await portal.Host.Services.GetRequiredService<CallbackDetails>()
            .LoadAsync(new PortalActor("test", "test", ServiceScope.Everything), callback.Id, mayManage: true, CancellationToken.None);
        var titles = details!.Timeline.Where(t => t.Kind == CallbackEventKinds.Lifecycle).Select(t => t.Title).ToList();
        Assert.Equal(["Widget ready", "Widget opened", "Widget started", "Widget submitted", "Widget submitted", "Widget completed", "Widget closed"], titles);
        var all = details.Timeline.Select(t => t.Title).ToList();
        var created = all.IndexOf("Created");
        Assert.InRange(created, all.LastIndexOf("Widget submitted") + 1, all.IndexOf("Widget completed") - 1);
    }

    private static JsonElement Metadata(WidgetEvent e) => JsonDocument.Parse(e.Metadata).RootElement.Clone();
}
