using System.Net;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Pages.Diagnostics;
using CallbackPortal.Data;
using CallbackPortal.Diagnostics;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Diagnostics;

/// <summary>The API error log page and its CSV export: filtered, newest first, for those with the diagnostics permission only.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiErrorLogTests(SharedPortal portal)
{
    [Fact]
    public async Task TheExportIsFilteredQuotedAndSafeInASpreadsheet()
    {
        var service = "log-" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            db.ApiErrors.AddRange(
                Entry(service, "too-many-requests", "number-throttle", "Refused by number throttle: 6 of 6, \"again\" later", DateTimeOffset.UtcNow.AddMinutes(-5)),
                Entry(service, "origin-not-allowed", null, "=HYPERLINK(\"http://evil\")", DateTimeOffset.UtcNow.AddMinutes(-3)),
                Entry(service, "too-many-requests", "rate-limit", "old", DateTimeOffset.UtcNow.AddDays(-3)));
            await db.SaveChangesAsync();
        }
        using var admin = await portal.LoginAsAsync(Roles.CallbackAdmin);

        var response = await admin.GetAsync($"/diagnostics/errors.csv?hours=24&service={service}&code=");
        var csv = await response.Content.ReadAsStringAsync();
        var throttled = await admin.GetAsync($"/diagnostics/errors.csv?hours=24&service={service}&code=too-many-requests");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = csv.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("time_utc,service", lines[0]);
        Assert.Contains("origin-not-allowed", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[1]);
        Assert.Contains("\"Refused by number throttle: 6 of 6, \"\"again\"\" later\"", lines[2]);
        Assert.Equal(2, (await throttled.Content.ReadAsStringAsync()).TrimEnd().Split('\n').Length);
    }

    [Fact]
    public async Task OnlyThoseWithTheDiagnosticsPermissionMayExport()
    {
        using var monitor = await portal.LoginAsAsync(Roles.Monitor);
        using var anonymous = portal.Host.NewClient();

        var refused = await monitor.GetAsync("/diagnostics/errors.csv");
        var redirected = await anonymous.GetAsync("/diagnostics/errors.csv");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Contains("/Account/Login", redirected.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ThePageShowsTheRefusalsWithTheirRuleAndFiltersByService()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using (var db = database.CreateDbContext())
        {
            db.ApiErrors.AddRange(
                Entry("support", "duplicate-in-queue", "duplicate-in-queue", "Refused by duplicate check", DateTimeOffset.UtcNow.AddMinutes(-2)),
                Entry("sales", "captcha-invalid", "captcha", "The CAPTCHA solution was used before.", DateTimeOffset.UtcNow.AddMinutes(-1)));
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(database, s => s.AddSingleton<ApiErrorLogQuery>());

        var page = context.Render<ApiErrorLog>();
        page.WaitForAssertion(() => Assert.Contains("captcha-invalid", page.Find("[data-testid=errors-table]").TextContent));
        Assert.Contains("duplicate-in-queue", page.Find("[data-testid=errors-table]").TextContent);
        page.FindAll("input[data-testid=errors-service], [data-testid=errors-service] input")[0].Change("support");
        page.Find("[data-testid=errors-search]").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("captcha-invalid", page.Find("[data-testid=errors-table]").TextContent));
        Assert.Contains("Refused by duplicate check", page.Find("[data-testid=errors-table]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=error-detail]"));
        page.Find("tr.cursor-pointer").Click();
        var detail = page.WaitForElement("[data-testid=error-detail]");
        Assert.Contains("abc123", detail.TextContent);
        Assert.Contains("corr-support-1", detail.TextContent);
    }

    [Fact]
    public async Task AReaderLimitedToOneServiceSeesAndExportsOnlyItsErrors()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var support = Guid.NewGuid();
        await using (var db = database.CreateDbContext())
        {
            db.CallbackServices.Add(new CallbackPortal.Services.CallbackService { Id = support, Key = "support", Name = "Support" });
            db.CallbackServices.Add(new CallbackPortal.Services.CallbackService { Id = Guid.NewGuid(), Key = "sales", Name = "Sales" });
            db.ApiErrors.AddRange(
                Entry("support", "duplicate-in-queue", "duplicate-in-queue", "Refused by duplicate check", DateTimeOffset.UtcNow.AddMinutes(-2)),
                Entry("sales", "captcha-invalid", "captcha", "The CAPTCHA solution was used before.", DateTimeOffset.UtcNow.AddMinutes(-1)));
            await db.SaveChangesAsync();
        }
        var query = new ApiErrorLogQuery(database);
        var limited = new PortalActor("bob", "bob@example.com", new ServiceScope(new HashSet<Guid> { support }));
        using var csv = new MemoryStream();

        var seen = await query.SearchAsync(limited, new ApiErrorFilter(), CancellationToken.None);
        await query.WriteCsvAsync(limited, new ApiErrorFilter(), csv, CancellationToken.None);

        Assert.Equal("support", Assert.Single(seen).Service);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("duplicate-in-queue", lines[1]);
        Assert.Equal(2, (await query.SearchAsync(PortalActor.System, new ApiErrorFilter(), CancellationToken.None)).Count);
    }

    private static ApiErrorEntry Entry(string service, string code, string? rule, string detail, DateTimeOffset at) => new()
    {
        At = at, Service = service, Method = "POST", Path = $"/api/v1/services/{service}/callbacks", Status = 400, Code = code, Rule = rule, Detail = detail,
        Origin = "https://shop.example.com", ClientHash = "abc123", CorrelationId = $"corr-{service}-1",
    };
}
