using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Access;

[Collection(PortalCollection.Name)]
public sealed class FirstRunTests
{
    private static Dictionary<string, string> AdminForm(string email) => new()
    {
        ["Input.DisplayName"] = "Ada Admin",
        ["Input.Email"] = email,
        ["Input.Password"] = "a-long-enough-password",
        ["Input.ConfirmPassword"] = "a-long-enough-password",
    };

    [Fact]
    public async Task CreatesTheFirstAdministratorOnceThenIsGone()
    {
        await using var host = new PortalHost();
        using var client = host.NewClient();

        var login = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.EndsWith("/setup", login.Headers.Location!.ToString());

        var created = await client.SubmitFormAsync("/setup", AdminForm("first@example.test"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Welcome to CallbackPortal", await home.Content.ReadAsStringAsync());

        using var stranger = host.NewClient();
        var again = await stranger.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync("first@example.test");
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Administrator));
        Assert.Equal(1, await users.Users.CountAsync());
    }

    [Fact]
    public async Task ConcurrentAttemptsCreateExactlyOneAdministrator()
    {
        await using var host = new PortalHost();
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var setup = scope.ServiceProvider.GetRequiredService<FirstRunSetup>();
            return await setup.CompleteAsync($"admin{i}@example.test", $"Admin {i}", "a-long-enough-password");
        });
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Succeeded);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task RefusesAShortPasswordAndKeepsTheSetupOpen()
    {
        await using var host = new PortalHost();
        using var client = host.NewClient();
        var form = AdminForm("short@example.test");
        form["Input.Password"] = form["Input.ConfirmPassword"] = "short";

        var response = await client.SubmitFormAsync("/setup", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("at least 12 characters", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/setup")).StatusCode);
    }
}
