using Bunit;
using CallbackPortal.Callbacks;
using CallbackPortal.Components.Pages.Reports;
using CallbackPortal.Reports;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CallbackPortal.Tests.Reports.ReportData;

namespace CallbackPortal.Tests.Reports;

/// <summary>The reports page: the summary of the last days, a service filter, the details tab, and a clear word on impossible ranges.</summary>
public sealed class ReportsPageTests
{
    [Fact]
    public async Task ShowsTheSummaryWithTotalsAndFiltersByService()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var (support, sales) = await SeedAsync(database);
        await using var context = Page(database);

        var page = context.Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Contains("Sales", page.Find("[data-testid=summary-table]").TextContent));
        Assert.Equal("Total All services 3 3 0", Cells(page.Find("tr.report-total")));
        Assert.NotEmpty(page.FindAll("[data-testid=summary-charts] svg"));

        var services = page.FindComponent<MudBlazor.MudSelect<Guid>>();
        await page.InvokeAsync(() => services.Instance.SelectedValuesChanged.InvokeAsync(new HashSet<Guid> { support }));
        page.Find("[data-testid=reports-show]").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("Sales", page.Find("[data-testid=summary-table]").TextContent));
        Assert.Equal("Total All services 2 2 0", Cells(page.Find("tr.report-total")));
        Assert.Contains($"services={support}", page.Find("[data-testid=summary-export]").GetAttribute("href"));
        _ = sales;
    }

    [Fact]
    public async Task AnImpossibleRangeIsExplainedAndNothingIsRun()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await SeedAsync(database);
        await using var context = Page(database);
        var page = context.Render<ReportsPage>();
        page.WaitForAssertion(() => Assert.Contains("Sales", page.Find("[data-testid=summary-table]").TextContent));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        page.Find("[data-testid=reports-from] input, input[data-testid=reports-from]").Change(today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        page.Find("[data-testid=reports-show]").Click();

        page.WaitForAssertion(() => Assert.Contains("before it starts", page.Find("[data-testid=reports-message]").TextContent));
        Assert.Contains("Custom range", page.Find("[data-testid=reports-preset]").TextContent);
    }

    [Fact]
    public async Task TheDetailsTabListsEachCallbackWithItsAttemptsAndAMaskedNumber()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var (support, _) = await SeedAsync(database);
        await using (var db = database.CreateDbContext())
        {
            var callback = Completed(support, DateTimeOffset.UtcNow.AddHours(-2), true, CompletionReason.AgentConnected, wait: 75, attempts: 2, ewt: 120);
            callback.Attempts.Add(new DialAttempt { Id = Guid.NewGuid(), CallbackId = callback.Id, Number = 1, IdempotencyKey = "k1", Result = DialResult.NoAnswer });
            callback.Attempts.Add(new DialAttempt { Id = Guid.NewGuid(), CallbackId = callback.Id, Number = 2, IdempotencyKey = "k2", Result = DialResult.Person });
            await AddAsync(db, callback);
        }
        await using var context = Page(database, LimitedUserReading(database));
        var page = context.Render<ReportsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=summary-table]")));

        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Callback Details", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Contains("2: NoAnswer, Person", page.Find("[data-testid=details-table]").TextContent));
        var text = page.Find("[data-testid=details-table]").TextContent;
        Assert.Contains("+1 •••••••• 23", text);
        Assert.DoesNotContain("+12025550123", text);
        Assert.Contains("2:00 · #1", text);
        Assert.Contains("kept", text);
    }

    private static BunitContext Page(TestDatabase database, Action<Bunit.TestDoubles.BunitAuthorizationContext>? user = null) =>
        PortalPages.For(database, s =>
        {
            s.AddSingleton<CallbackSummaryReport>();
            s.AddSingleton<CallbackDetailsReport>();
            s.AddSingleton<CallbackPortal.Lifecycle.WidgetFunnelReport>();
        }, user);

    /// <summary>A monitor (reports, no callbacks.manage): numbers are masked for them.</summary>
    private static Action<Bunit.TestDoubles.BunitAuthorizationContext> LimitedUserReading(TestDatabase database) => authorization =>
    {
        authorization.SetAuthorized("monitor@example.com");
        authorization.SetRoles(CallbackPortal.Access.Roles.Monitor);
        authorization.SetPolicies(CallbackPortal.Access.Permissions.Reports.View);
        authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "monitor-user"));
        _ = database;
    };

    /// <summary>The first five cells of a row: period, service, offered, accepted, rejected.</summary>
    private static string Cells(AngleSharp.Dom.IElement row) => string.Join(' ', row.QuerySelectorAll("td").Take(5).Select(td => td.TextContent.Trim()));

    private static async Task<(Guid Support, Guid Sales)> SeedAsync(TestDatabase database)
    {
        var support = Guid.NewGuid();
        var sales = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        await using var db = database.CreateDbContext();
        db.CallbackServices.Add(new CallbackPortal.Services.CallbackService { Id = support, Key = "support", Name = "Support" });
        db.CallbackServices.Add(new CallbackPortal.Services.CallbackService { Id = sales, Key = "sales", Name = "Sales" });
        await AddAsync(db,
            Completed(support, now, true, CompletionReason.AgentConnected, wait: 30, attempts: 1, ewt: 60),
            Completed(support, now.AddDays(-2), true, CompletionReason.CustomerUnreachable, attempts: 3),
            Completed(sales, now.AddDays(-1), false, CompletionReason.AgentConnected, wait: 50, attempts: 1));
        return (support, sales);
    }
}
