using System.Globalization;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// A supervisor and callback admin limited to one service, signed in for real: every page they may open and every export
/// shows their service and never the other one; the other service's callback by direct URL is "No such callback".
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ServiceLimitedUserTests(SharedPortal portal, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] LimitedRoles = [Roles.Supervisor, Roles.CallbackAdmin];
    private readonly string email = $"limited-{Guid.NewGuid():N}@example.test";
    private (Guid Id, string Key, string Name, Guid Callback) mine, theirs;

    public async Task InitializeAsync()
    {
        mine = await ServiceWithCallbackAsync("Inside-", "+12025550145");
        theirs = await ServiceWithCallbackAsync("Outside-", "+12025550146");
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, LimitedRoles);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.ServiceLimit = [mine.Id];
        await db.SaveChangesAsync();
        // An API error on the other service, for the error log's export.
        using var client = portal.Host.NewClient();
        await ApiServices.CreateCallbackAsync(client.Http, theirs.Key, new { phoneNumber = "+1" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AnotherServicesCallbackByDirectUrlIsNoSuchCallback()
    {
        using var limited = await portal.Host.LoginAsync(email, SharedPortal.Password);

        var other = await limited.Http.GetStringAsync($"/callbacks/{theirs.Callback}");
        var own = await limited.Http.GetStringAsync($"/callbacks/{mine.Callback}");

        Assert.Contains("No such callback", other);
        Assert.DoesNotContain(theirs.Name, other);
        Assert.DoesNotContain("No such callback", own);
    }

    [Fact]
    public async Task NoPageTheyMayOpenShowsTheOtherService()
    {
        using var limited = await portal.Host.LoginAsync(email, SharedPortal.Password);
        using var administrator = await portal.LoginAsAsync(Roles.Administrator);
        var pages = RoutablePages.All.Where(p => !p.Anonymous && !p.Template.Contains('{', StringComparison.Ordinal)
            && (p.Policy is null || LimitedRoles.Any(r => DefaultRolePermissions.IsGranted(r, p.Policy)))).ToList();
        var matrix = new AccessMatrix($"Pages: does the other service ({theirs.Name}) show?", ["limited", "administrator"]);
        foreach (var page in pages)
        {
            matrix.Check(page.Template, "limited", "hidden", Shows(await BodyAsync(limited, page.Template)) ? "shown" : "hidden");
            // Printed, not asserted: it says on which pages the check above is meaningful (those that show services at all).
            var seen = Shows(await BodyAsync(administrator, page.Template)) ? "shown" : "hidden";
            matrix.Check(page.Template, "administrator", seen, seen);
        }
        matrix.Report(output);
    }

    [Fact]
    public async Task ExportsContainOnlyTheirServices()
    {
        using var limited = await portal.Host.LoginAsync(email, SharedPortal.Password);
        using var administrator = await portal.LoginAsAsync(Roles.Administrator);
        var from = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string[] exports = [$"/reports/details.csv?from={from}&to={to}", $"/reports/summary.csv?from={from}&to={to}", "/diagnostics/errors.csv"];
        var matrix = new AccessMatrix($"Exports: does the other service ({theirs.Name}) show?", ["limited", "administrator"]);
        foreach (var export in exports)
        {
            var theirsCsv = await limited.Http.GetStringAsync(export);
            var everything = await administrator.Http.GetStringAsync(export);
            matrix.Check(export, "limited", "hidden", Shows(theirsCsv) ? "shown" : "hidden");
            matrix.Check(export, "administrator", "shown", Shows(everything) ? "shown" : "hidden");
        }
        matrix.Report(output);
    }

    /// <summary>The page as served, whatever its status (a page that sends them elsewhere shows nothing).</summary>
    private static async Task<string> BodyAsync(PortalClient client, string url) => await (await client.GetAsync(url)).Content.ReadAsStringAsync();

    private bool Shows(string text) =>
        text.Contains(theirs.Name, StringComparison.Ordinal) || text.Contains(theirs.Key, StringComparison.Ordinal)
        || text.Contains(theirs.Callback.ToString(), StringComparison.OrdinalIgnoreCase);

    private async Task<(Guid, string, string, Guid)> ServiceWithCallbackAsync(string prefix, string phone)
    {
        var (service, callback) = await ApiServices.CreateWithCallbackAsync(portal.Host, prefix + Guid.NewGuid().ToString("N")[..10], phone);
        return (service.Id, service.Key, service.Name, callback);
    }
}
