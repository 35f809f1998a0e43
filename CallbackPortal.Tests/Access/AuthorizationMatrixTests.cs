using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Access;

/// <summary>Every role against every protected page and the jobs dashboard, expectations derived from the default grants.</summary>
[Collection(PortalCollection.Name)]
public sealed class AuthorizationMatrixTests(SharedPortal portal)
{
    public static TheoryData<string> RoleNames() => [.. Roles.All];

    private static IEnumerable<(string Url, string? Permission)> ProtectedTargets() =>
        RoutablePages.All.Where(p => !p.Anonymous).Select(p => (p.SampleUrl, p.Policy))
            .Append(("/hangfire", Permissions.Diagnostics.Jobs));

    [Theory]
    [MemberData(nameof(RoleNames))]
    public async Task EachRoleOpensExactlyWhatItsPermissionsAllow(string role)
    {
        using var client = await portal.LoginAsAsync(role);
        var failures = new List<string>();
        foreach (var (url, permission) in ProtectedTargets())
        {
            var response = await client.GetAsync(url);
            var allowed = permission is null || role == Roles.Administrator || DefaultRolePermissions.IsGranted(role, permission);
            var ok = allowed
                ? response.StatusCode == HttpStatusCode.OK || IsRedirectWithinAccount(response)
                : response.StatusCode == HttpStatusCode.Forbidden;
            if (!ok)
            {
                failures.Add($"{url}: {(int)response.StatusCode} (expected {(allowed ? "allowed" : "403")})");
            }
        }
        Assert.True(failures.Count == 0, $"{role}: " + string.Join("; ", failures));
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToLogIn()
    {
        using var client = portal.Host.NewClient();
        foreach (var (url, _) in ProtectedTargets())
        {
            var response = await client.GetAsync(url);
            Assert.True(IsLoginRedirect(response), $"{url}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task TheForbiddenPageExplainsAndLeaksNothing()
    {
        using var client = await portal.LoginAsAsync(Roles.Monitor);
        var response = await client.GetAsync("/hangfire");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Access denied", html);
        Assert.DoesNotContain("Recurring", html);
    }

    /// <summary>Account pages that do not apply to the user's state (disable 2FA before enabling it) send them back to the 2FA page.</summary>
    private static bool IsRedirectWithinAccount(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/Account/Manage/", StringComparison.Ordinal) == true;

    private static bool IsLoginRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/Account/Login", StringComparison.Ordinal) == true;
}
