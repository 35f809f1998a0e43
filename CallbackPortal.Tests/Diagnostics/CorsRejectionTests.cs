using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Pages.Diagnostics;
using CallbackPortal.Diagnostics;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Diagnostics;

/// <summary>The CORS rejections page: filtered by period, service and origin in the database, newest first, a page at a time, only the reader's services.</summary>
public sealed class CorsRejectionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private TestDatabase database = default!;
    private Guid supportId;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        supportId = Guid.NewGuid();
        await using var db = database.CreateDbContext();
        db.CallbackServices.AddRange(
            new CallbackService { Id = supportId, Key = "support", Name = "Support" },
            new CallbackService { Id = Guid.NewGuid(), Key = "sales", Name = "Sales" });
        await db.SaveChangesAsync();
        // One at a time, so that the ids follow the times as they do when the log writes them.
        foreach (var rejection in new[]
        {
            Rejection("support", "https://evil.example.net", Now.AddDays(-3)),
            Rejection("support", "https://shop.example.com", Now.AddHours(-2)),
            Rejection("sales", "https://evil.example.net", Now.AddMinutes(-30)),
            Rejection(null, "https://scanner.example.org", Now.AddMinutes(-20)),
            Rejection("support", "https://blog.example.com", Now.AddMinutes(-10)),
        })
        {
            db.CorsRejections.Add(rejection);
            await db.SaveChangesAsync();
        }
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TheFiltersApplyTogetherAndTheNewestComesFirst()
    {
        var query = new CorsRejectionQuery(database);

        var lastDay = await query.SearchAsync(PortalActor.System, new CorsRejectionFilter(Now.AddDays(-1)), 0, 25, CancellationToken.None);
        var support = await query.SearchAsync(PortalActor.System, new CorsRejectionFilter(Now.AddDays(-7), " support "), 0, 25, CancellationToken.None);
        var evil = await query.SearchAsync(PortalActor.System, new CorsRejectionFilter(null, null, "evil"), 0, 25, CancellationToken.None);
        var evilSupport = await query.SearchAsync(PortalActor.System, new CorsRejectionFilter(Now.AddDays(-7), "support", "evil"), 0, 25, CancellationToken.None);

        Assert.Equal(["https://blog.example.com", "https://scanner.example.org", "https://evil.example.net", "https://shop.example.com"], lastDay.Rows.Select(r => r.Origin));
        Assert.Equal(["https://blog.example.com", "https://shop.example.com", "https://evil.example.net"], support.Rows.Select(r => r.Origin));
        Assert.Equal(["sales", "support"], evil.Rows.Select(r => r.Service));
        Assert.True(Assert.Single(evilSupport.Rows).At < Now.AddDays(-2));
    }

    [Fact]
    public async Task RowsComeAPageAtATimeWithTheTotal()
    {
        var query = new CorsRejectionQuery(database);

        var first = await query.SearchAsync(PortalActor.System, new CorsRejectionFilter(), 0, 2, CancellationToken.None);
        var last = await query.SearchAsync(PortalActor.System, new CorsRejectionFilter(), 4, 2, CancellationToken.None);

        Assert.Equal((5, 2), (first.Total, first.Rows.Count));
        Assert.Equal("https://blog.example.com", first.Rows[0].Origin);
        Assert.Equal("https://evil.example.net", Assert.Single(last.Rows).Origin);
    }

    [Fact]
    public async Task AUserLimitedToAServiceSeesOnlyItsRejections()
    {
        var query = new CorsRejectionQuery(database);
        var limited = LimitedUser.Actor(supportId);

        var all = await query.SearchAsync(limited, new CorsRejectionFilter(), 0, 25, CancellationToken.None);
        var sales = await query.SearchAsync(limited, new CorsRejectionFilter(null, "sales"), 0, 25, CancellationToken.None);

        Assert.Equal(3, all.Total);
        Assert.All(all.Rows, r => Assert.Equal("support", r.Service));
        Assert.Equal(0, sales.Total);
        Assert.Equal("support", Assert.Single(await query.ServicesAsync(limited, CancellationToken.None)).Key);
    }

    [Fact]
    public async Task ThePageShowsTheLastDayNewestFirstAndFiltersByOrigin()
    {
        await using var context = PortalPages.For(database, s => s.AddSingleton<CorsRejectionQuery>());

        var page = context.Render<CorsRejections>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=cors-table] tbody tr").Count));
        Assert.Contains("https://blog.example.com", page.FindAll("[data-testid=cors-table] tbody tr")[0].TextContent);
        Assert.Contains("https://shop.example.com", page.FindAll("[data-testid=cors-table] tbody tr")[3].TextContent);
        Assert.Equal("/integration/cors?service=support", page.FindAll("[data-testid=cors-table] tbody tr a")[0].GetAttribute("href"));

        page.Find("input[data-testid=cors-origin-filter], [data-testid=cors-origin-filter] input").Change("evil");
        page.Find("[data-testid=cors-search]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cors-table] tbody tr")));
        Assert.Contains("sales", page.Find("[data-testid=cors-table] tbody tr").TextContent);
    }

    [Fact]
    public async Task AUserLimitedToAServiceIsShownOnlyItsRejections()
    {
        var limited = await LimitedUser.CreateAsync(database, supportId);
        await using var context = PortalPages.For(database, s => s.AddSingleton<CorsRejectionQuery>(), limited);

        var page = context.Render<CorsRejections>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=cors-table] tbody tr").Count));
        Assert.DoesNotContain("scanner", page.Markup);
        Assert.DoesNotContain("sales", page.Find("[data-testid=cors-table]").TextContent);
    }

    private static CorsRejection Rejection(string? service, string origin, DateTimeOffset at) =>
        new() { Service = service, Origin = origin, At = at, Method = "POST", Path = $"/api/v1/services/{service ?? "unknown"}/callbacks" };
}
