using System.Net;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Access;

[Collection(PortalCollection.Name)]
public sealed class LockoutTests(SharedPortal portal)
{
    [Fact]
    public async Task FiveFailedLoginsLockTheAccountForFifteenMinutes()
    {
        const string email = "lockme@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, "Monitor");
        using var client = portal.Host.NewClient();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.LoginAsync(email, "not-the-password-at-all");
            if (i < 4)
            {
                Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
                Assert.Contains("Invalid login attempt", await wrong.Content.ReadAsStringAsync());
            }
        }
        var right = await client.LoginAsync(email, SharedPortal.Password);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("/Account/Lockout", right.Headers.Location!.ToString());
        await using var scope = portal.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        var lockedFor = (await users.GetLockoutEndDateAsync(user!))!.Value - DateTimeOffset.UtcNow;
        Assert.InRange(lockedFor.TotalMinutes, 14, 15.1);
    }

    [Fact]
    public async Task AWrongPasswordShowsTheTemplateMessage()
    {
        using var client = portal.Host.NewClient();
        var response = await client.LoginAsync(SharedPortal.EmailFor("Supervisor"), "wrong-password-123");
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
    }
}
