using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// Every non-page endpoint × anonymous and every role. The expectation comes from the endpoint's own metadata (its policy is a
/// permission, looked up in <see cref="DefaultRolePermissions"/>), so a newly mapped endpoint is checked without editing this test.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EndpointMatrixTests(SharedPortal portal, ITestOutputHelper output)
{
    public const string Anonymous = "anonymous";
    public const string Allowed = "allowed";

    public static IReadOnlyList<string> Callers { get; } = [Anonymous, .. Roles.All];

    [Fact]
    public async Task EachRoleReachesExactlyTheSignedInEndpointsItsPermissionsAllow()
    {
        var targets = EndpointTargets.Discover(portal.Host.Services).Where(t => t.NeedsSignIn).ToList();
        Assert.Contains(targets, t => t.Pattern.StartsWith("/hangfire", StringComparison.Ordinal));
        Assert.Contains(targets, t => t.Pattern == "/reports/summary.csv");
        var matrix = new AccessMatrix("Signed-in endpoints", Callers);
        foreach (var caller in Callers)
        {
            using var client = await ClientForAsync(caller);
            foreach (var target in targets)
            {
                matrix.Check(target.ToString(), caller, Expected(caller, target), Observed(await SendAsync(client, target)));
            }
        }
        matrix.Report(output);
    }

    [Fact]
    public async Task PublicEndpointsAnswerASignedInUserExactlyAsTheyAnswerAnyone()
    {
        var targets = EndpointTargets.Discover(portal.Host.Services).Where(t => t.Anonymous && t.ApiKeyScope is null).ToList();
        Assert.Contains(targets, t => t.Pattern == "/health/live");
        var anonymousStatus = new Dictionary<string, int>();
        using (var anonymous = portal.Host.NewClient())
        {
            foreach (var target in targets)
            {
                anonymousStatus[target.ToString()] = (int)(await SendAsync(anonymous, target)).StatusCode;
            }
        }
        var matrix = new AccessMatrix("Public endpoints (status as for anonymous)", Roles.All);
        foreach (var role in Roles.All)
        {
            using var client = await portal.LoginAsAsync(role);
            foreach (var target in targets)
            {
                var expected = anonymousStatus[target.ToString()].ToString(System.Globalization.CultureInfo.InvariantCulture);
                var observed = ((int)(await SendAsync(client, target)).StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                matrix.Check(target.ToString(), role, expected, observed);
            }
        }
        matrix.Report(output);
    }

    /// <summary>What the endpoint's own metadata promises this caller.</summary>
    public static string Expected(string caller, EndpointTarget target)
    {
        if (caller == Anonymous)
        {
            return PortalPipeline.IsMachineEndpoint(new PathString(target.SampleUrl)) ? "401" : "login";
        }
        return target.Policy is null || DefaultRolePermissions.IsGranted(caller, target.Policy) ? Allowed : "403";
    }

    /// <summary>The outcome as a person would see it: sent to log in, refused, or let through (whatever the endpoint then says: 200, 400, 404).</summary>
    public static string Observed(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => "401",
        HttpStatusCode.Forbidden => "403",
        HttpStatusCode.Redirect when response.Headers.Location?.ToString().Contains("/Account/Login", StringComparison.Ordinal) == true => "login",
        _ => Allowed,
    };

    public static async Task<HttpResponseMessage> SendAsync(PortalClient client, EndpointTarget target, Action<HttpRequestMessage>? prepare = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.SampleUrl);
        if (target.Method is not ("GET" or "HEAD" or "DELETE"))
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        prepare?.Invoke(request);
        return await client.Http.SendAsync(request);
    }

    private async Task<PortalClient> ClientForAsync(string caller) =>
        caller == Anonymous ? portal.Host.NewClient() : await portal.LoginAsAsync(caller);
}
