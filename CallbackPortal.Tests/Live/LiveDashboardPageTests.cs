using Bunit;
using CallbackPortal.Components.Pages.Live;
using CallbackPortal.Engine;
using CallbackPortal.Live;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Live;

/// <summary>The live dashboard page: the figures, their update after an engine event, and a user limited to one service.</summary>
public sealed class LiveDashboardPageTests : IAsyncLifetime
{
    // The first computation on a busy machine (two cores shared with other suites) may take a while.
    private static readonly TimeSpan FirstFigures = TimeSpan.FromSeconds(10);
    private TestDatabase database = default!;
    private LiveSeed seed = default!;
    private LiveFeed feed = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        seed = new LiveSeed(database);
        await seed.SeedAsync();
        feed = seed.Feed();
    }

    public async Task DisposeAsync()
    {
        feed.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task ShowsTheFiguresAndUpdatesThemAfterAnEngineEvent()
    {
        await using var context = Context(user: null);
        var page = context.Render<LiveDashboard>();
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=total-queued]").TextContent), FirstFigures);

        Assert.Equal("3", page.Find("[data-testid=support-queued]").TextContent);
        Assert.Equal("3", page.Find("[data-testid=support-next-hour]").TextContent);
        Assert.Equal("10 min 00 s", page.Find("[data-testid=support-oldest-wait]").TextContent);
        Assert.Equal("4 min 40 s", page.Find("[data-testid=support-ewt]").TextContent);
        Assert.Equal("no agent", page.Find("[data-testid=billing-ewt]").TextContent);
        Assert.Equal("67 %", page.Find("[data-testid=support-promise-kept]").TextContent);
        Assert.Equal("6", page.Find("[data-testid=total-completed]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=reasons-timed-out]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=agents-on-call]").TextContent);
        Assert.Equal("/callbacks?service=support", page.Find("[data-testid=service-name] a[href*=support]").GetAttribute("href"));
        Assert.Contains("updated 15:00:00 UTC", page.Find("[data-testid=live-updated]").TextContent);

        await seed.AddQueuedAsync(seed.Sales);
        seed.Events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, seed.Sales.Id, Guid.NewGuid(), null));

        page.WaitForAssertion(() => Assert.Equal("5", page.Find("[data-testid=total-queued]").TextContent), FirstFigures);
        Assert.Equal("2", page.Find("[data-testid=sales-queued]").TextContent);
    }

    [Fact]
    public async Task AServiceLimitedUserSeesOnlyTheirServicesAndTotalsOverThem()
    {
        var limited = await LimitedUser.CreateAsync(database, seed.Sales.Id);
        await using var context = Context(limited);
        var page = context.Render<LiveDashboard>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=total-queued]").TextContent), FirstFigures);
        Assert.Equal(["Sales"], page.FindAll("[data-testid=service-name]").Select(c => c.TextContent.Trim()));
        Assert.Equal("2", page.Find("[data-testid=total-completed]").TextContent);
        Assert.DoesNotContain("Support", page.Find("[data-testid=live-services]").TextContent);
    }

    [Fact]
    public async Task ClosingTheDashboardEndsItsSubscription()
    {
        await using var context = Context(user: null);
        var page = context.Render<LiveDashboard>();
        page.WaitForAssertion(() => Assert.NotNull(feed.Current), FirstFigures);

        page.Instance.Dispose();

        Assert.Null(feed.Current);
    }

    private BunitContext Context(Action<Bunit.TestDoubles.BunitAuthorizationContext>? user)
    {
        var context = PortalPages.For(database, services => services.AddSingleton(feed), user);
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
