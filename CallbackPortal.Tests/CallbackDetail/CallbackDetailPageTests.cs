using Bunit;
using Bunit.TestDoubles;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.Configuration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using DetailPage = CallbackPortal.Components.Pages.Callbacks.CallbackDetail;

namespace CallbackPortal.Tests.CallbackDetail;

/// <summary>The callback detail page: fields, journey data and timeline; masking and actions by permission; live updates and a race with someone else.</summary>
public sealed class CallbackDetailPageTests : IAsyncLifetime
{
    private static readonly Action<BunitAuthorizationContext> Sam =
        AgentsTestServices.User("sam", Roles.Supervisor, Permissions.Callbacks.View, Permissions.Callbacks.Manage);

    private static readonly Action<BunitAuthorizationContext> Monitor = AgentsTestServices.User("mo", Roles.Monitor, Permissions.Callbacks.View);

    private DetailHarness harness = default!;
    private Guid serviceId;

    public async Task InitializeAsync()
    {
        harness = await DetailHarness.CreateAsync();
        serviceId = (await harness.ServiceAsync()).Id;
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task ShowsTheFieldsJourneyDataAndTimeline()
    {
        var callback = await harness.HistoryAsync(serviceId);
        await using var context = Interactive(PortalPages.For(harness.Database, harness.Register, Sam));

        var page = Open(context, callback.Id);

        Assert.Equal(("Grace Hopper", "Completed", "AgentConnected"), (Text(page, "consumer-name"), Text(page, "state"), Text(page, "reason")));
        Assert.Contains(DetailHarness.Phone, Text(page, "summary"));
        Assert.Contains("Support line", Text(page, "summary"));
        Assert.Equal(("Ada", "resolved", "will call back on Monday"), (Text(page, "outcome-Agent"), Text(page, "outcome-Disposition"), Text(page, "outcome-Agent notes")));
        Assert.Equal(("Missed", "00:02:22", "estimated wait 00:01:00, position 3"), (Text(page, "promise-Promise"), Text(page, "promise-Wait to connect"), Text(page, "promise-When offered")));
        Assert.Equal(["cart", "page"], page.FindAll("[data-testid=journey-key]").Select(e => e.TextContent));
        Assert.Equal(["3 items", "/billing/invoice-42"], page.FindAll("[data-testid=journey-value]").Select(e => e.TextContent));
        var titles = page.FindAll("[data-testid=timeline-title]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(17, titles.Count);
        Assert.Equal(("Widget", "Wrap-up"), (titles[0], titles[^1]));
        Assert.Equal(["lifecycle", "created", "state"], page.FindAll("[data-testid=timeline-kind]").Take(3).Select(e => e.TextContent.Trim()));
        Assert.Contains($"Dial attempt 2 to consumer {DetailHarness.Phone}", titles);
        Assert.Contains("Supervisor sam@example.test", page.FindAll("[data-testid=timeline-who]").Select(e => e.TextContent));
        Assert.Empty(page.FindAll("[data-testid=dial-now], [data-testid=cancel], [data-testid=reschedule]"));
    }

    [Fact]
    public async Task AMonitorSeesMaskedNumbersAndNoActions()
    {
        var callback = await harness.HistoryAsync(serviceId);
        var queued = await harness.QueuedAsync(serviceId);
        await using var context = Interactive(PortalPages.For(harness.Database, harness.Register, Monitor));

        var history = Open(context, callback.Id);
        var masked = PhoneMasking.Mask(DetailHarness.Phone);
        Assert.DoesNotContain(DetailHarness.Phone, history.Markup);
        Assert.Contains(masked, Text(history, "summary"));
        Assert.Contains($"Dial attempt 1 to consumer {masked}", history.FindAll("[data-testid=timeline-title]").Select(e => e.TextContent.Trim()));

        var open = Open(context, queued.Id);
        Assert.Equal(masked, Text(open, "consumer-Phone"));
        Assert.Empty(open.FindAll("[data-testid=actions]"));
    }

    [Fact]
    public async Task AnUnknownCallbackIsNoSuchCallback()
    {
        await using var context = Interactive(PortalPages.For(harness.Database, harness.Register, Sam));

        var page = context.Render<DetailPage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Contains("No such callback", Text(page, "no-such-callback")));
        Assert.Equal("/callbacks", page.Find("[data-testid=back]").GetAttribute("href"));
    }

    [Fact]
    public async Task DialNowRaisesTheCallbackAndTheTimelineShowsWhoDidIt()
    {
        var callback = await harness.QueuedAsync(serviceId);
        await using var context = Interactive(PortalPages.For(harness.Database, harness.Register, Sam));
        var page = Open(context, callback.Id);

        page.Find("[data-testid=dial-now]").Click();

        page.WaitForAssertion(() => Assert.Contains("first in its queue", Text(page, "action-message")));
        Assert.Equal("1000", Text(page, "schedule-Priority"));
        Assert.Contains("Supervisor sam@example.com", page.FindAll("[data-testid=timeline-who]").Select(e => e.TextContent));
        Assert.Empty(page.FindAll("[data-testid=dial-now]"));
        Assert.Equal(1, harness.Triggers.Dispatches);
    }

    [Fact]
    public async Task ACallbackCancelledBySomeoneElseShowsItsNewStateAndRefusesTheCancel()
    {
        var callback = await harness.QueuedAsync(serviceId);
        await using var context = Interactive(PortalPages.For(harness.Database, harness.Register, Sam));
        var dialogs = context.Render<MudDialogProvider>();
        var page = Open(context, callback.Id);
        page.Find("[data-testid=cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Cancel the callback for Grace Hopper?", dialogs.Markup));

        // While the confirmation is open, the consumer cancels through the API.
        await harness.ChangeAsync(callback.Id, (c, now) => c.Cancel(now, Actor.Consumer), announce: true);
        page.WaitForAssertion(() => Assert.Equal("Completed", Text(page, "state")));
        Assert.Equal("Cancelled", Text(page, "reason"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel callback").Click();

        page.WaitForAssertion(() => Assert.Equal("A callback in Completed cannot be cancelled.", Text(page, "action-message")));
        Assert.Empty(page.FindAll("[data-testid=cancel]"));
        Assert.Equal(CompletionReason.Cancelled, (await harness.StoredAsync(callback.Id)).Reason);
    }

    [Fact]
    public async Task AChangeTheEngineAnnouncesShowsWithoutReloading()
    {
        var callback = await harness.QueuedAsync(serviceId);
        var other = await harness.QueuedAsync(serviceId);
        await using var context = Interactive(PortalPages.For(harness.Database, harness.Register, Sam));
        var page = Open(context, callback.Id);

        await harness.ChangeAsync(callback.Id, (c, now) => c.Pause(now, "service paused"), announce: false);
        await harness.ChangeAsync(other.Id, (c, now) => c.Pause(now, "service paused"), announce: true);
        Assert.Equal("Queued", Text(page, "state"));
        harness.Events.Publish(new CallbackPortal.Engine.EngineEvent(CallbackPortal.Engine.EngineEventKind.CallbackChanged, serviceId, callback.Id, null));

        page.WaitForAssertion(() => Assert.Equal("Paused", Text(page, "state")));
        Assert.Contains("Queued → Paused", page.FindAll("[data-testid=timeline-title]").Select(e => e.TextContent));
    }

    private static IRenderedComponent<DetailPage> Open(BunitContext context, Guid id)
    {
        var page = context.Render<DetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=timeline]")));
        return page;
    }

    private static string Text(IRenderedComponent<DetailPage> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent.Trim();

    /// <summary>The page listens for engine events only in a live circuit, as here, not while prerendering.</summary>
    private static BunitContext Interactive(BunitContext context)
    {
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
