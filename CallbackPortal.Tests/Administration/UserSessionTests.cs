using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Administration;

/// <summary>In the running app: an administrator's change ends a signed-in user's session at their very next request.</summary>
[Collection(PortalCollection.Name)]
public sealed class UserSessionTests(SharedPortal portal)
{
    private static readonly PortalActor Admin = new(null, "tests", ServiceScope.Everything);

    private UserAdministration Users => portal.Host.Services.GetRequiredService<UserAdministration>();

    private async Task<(string Email, string Id)> UserAsync(string role)
    {
        var email = $"session-{Guid.NewGuid().ToString("N")[..12]}@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, role);
        await using var scope = portal.Host.Services.CreateAsyncScope();
        return (email, (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id);
    }

    private static bool IsLoginRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/Account/Login", StringComparison.Ordinal) == true;

    [Fact]
    public async Task ADisabledUserIsRefusedOnTheNextRequestAndCannotSignInUntilEnabled()
    {
        var (email, id) = await UserAsync(Roles.Monitor);
        using var client = await portal.Host.LoginAsync(email, SharedPortal.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Manage")).StatusCode);

        Assert.True((await Users.SetDisabledAsync(Admin, id, true, CancellationToken.None)).Succeeded);

        Assert.True(IsLoginRedirect(await client.GetAsync("/Account/Manage")), "the disabled user's session still works");
        using var again = portal.Host.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await again.LoginAsync(email, SharedPortal.Password)).StatusCode);

        Assert.True((await Users.SetDisabledAsync(Admin, id, false, CancellationToken.None)).Succeeded);
        using var enabled = await portal.Host.LoginAsync(email, SharedPortal.Password);
        Assert.Equal(HttpStatusCode.OK, (await enabled.GetAsync("/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task ChangedRolesEndTheSessionSoTheNewRolesApplyAtTheNextSignIn()
    {
        var (email, id) = await UserAsync(Roles.Monitor);
        using var client = await portal.Host.LoginAsync(email, SharedPortal.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/integration/api-keys")).StatusCode);
        var form = (await portal.Host.Services.GetRequiredService<UserDirectory>().LoadAsync(id, CancellationToken.None))!.Form;
        form.Roles = [Roles.CallbackAdmin];

        Assert.True((await Users.UpdateAsync(Admin, id, form, CancellationToken.None)).Succeeded);

        Assert.True(IsLoginRedirect(await client.GetAsync("/integration/api-keys")));
        using var signedInAgain = await portal.Host.LoginAsync(email, SharedPortal.Password);
        Assert.Equal(HttpStatusCode.OK, (await signedInAgain.GetAsync("/integration/api-keys")).StatusCode);
    }
}
