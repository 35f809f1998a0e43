using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Pages.Administration;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallbackPortal.Tests.Administration;

/// <summary>The users pages in bUnit: the list, creating a user with messages at the fields, and the account actions with their confirmations.</summary>
public sealed class UsersPageTests
{
    private static async Task<(TestDatabase Database, BunitContext Context)> PagesAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var context = PortalPages.For(database, s => s.AddAdministration(database));
        await AdministrationServices.SeedAsync(context.Services);
        return (database, context);
    }

    private static AngleSharp.Dom.IElement Input<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.FindAll($"input[data-testid={testId}], [data-testid={testId}] input")[0];

    [Fact]
    public async Task TheListShowsEachUsersRolesTwoFactorStatusAndServicesAndFiltersBySearch()
    {
        var (database, context) = await PagesAsync();
        await using var _ = database;
        await using var __ = context;
        var locked = await AdministrationServices.CreateUserAsync(context.Services, "locked@example.com", Roles.Supervisor);
        await using (var db = database.CreateDbContext())
        {
            var service = new CallbackService { Id = Guid.NewGuid(), Key = "sales", Name = "Sales line" };
            db.CallbackServices.Add(service);
            var user = await db.Users.SingleAsync(u => u.Id == locked.Id);
            (user.LockoutEnd, user.ServiceLimit, user.TwoFactorEnabled) = (DateTimeOffset.UtcNow.AddMinutes(10), [service.Id], true);
            await db.SaveChangesAsync();
        }

        var page = context.Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=user-link]").Count));
        var row = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("locked@example.com"));
        Assert.Contains("Supervisor", row.TextContent);
        Assert.Contains("Locked out", row.TextContent);
        Assert.Contains("Sales line", row.TextContent);
        Assert.Contains("on", row.Children[3].TextContent);
        Input(page, "user-search").Input("admin@");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=user-link]")));
        Assert.Equal("admin@example.com", page.Find("[data-testid=user-link]").TextContent);
    }

    [Fact]
    public async Task CreatingAUserShowsEachProblemAtItsFieldThenStoresTheUserWithTheChosenServices()
    {
        var (database, context) = await PagesAsync();
        await using var _ = database;
        await using var __ = context;
        var support = new CallbackService { Id = Guid.NewGuid(), Key = "support", Name = "Support" };
        await using (var db = database.CreateDbContext())
        {
            db.CallbackServices.Add(support);
            await db.SaveChangesAsync();
        }
        var page = context.Render<UsersEditPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=save-user]").Click());
        page.WaitForAssertion(() => Assert.Contains("Choose at least one role.", page.Find("[data-testid=roles-message]").TextContent));
        Assert.Contains("Required.", page.Markup);
        Assert.Contains("Required: the user changes it after signing in.", page.Markup);

        Input(page, "user-email").Change("admin@example.com");
        Input(page, "user-password").Change("short");
        Input(page, "role-Supervisor").Change(true);
        page.Find("[data-testid=save-user]").Click();
        page.WaitForAssertion(() => Assert.Contains("already exists", page.Markup));
        Assert.Contains("at least 12 characters", page.Markup);

        Input(page, "user-email").Change("sup@example.com");
        Input(page, "user-name").Change("Sue Pervisor");
        Input(page, "user-password").Change("a-long-enough-password");
        page.FindAll("[data-testid=user-limit] input[type=radio]")[1].Click();
        page.WaitForAssertion(() => Input(page, "service-support").Change(true));
        page.Find("[data-testid=save-user]").Click();

        var navigation = context.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/administration/users/[0-9a-f-]{36}$", navigation.Uri));
        await using var check = database.CreateDbContext();
        var user = await check.Users.SingleAsync(u => u.Email == "sup@example.com");
        Assert.Equal("Sue Pervisor", user.DisplayName);
        Assert.Equal([support.Id], user.ServiceLimit);
    }

    [Fact]
    public async Task AnUnknownUserIsExplainedKindly()
    {
        var (database, context) = await PagesAsync();
        await using var _ = database;
        await using var __ = context;

        var page = context.Render<UsersEditPage>(p => p.Add(x => x.UserId, "sample"));

        page.WaitForAssertion(() => Assert.Contains("There is no such user", page.Find("[data-testid=user-not-found]").TextContent));
    }

    [Fact]
    public async Task DisablingAsksFirstAndYourOwnAccountIsRefusedWithAReason()
    {
        var (database, context) = await PagesAsync();
        await using var _ = database;
        await using var __ = context;
        var agent = await AdministrationServices.CreateUserAsync(context.Services, "agent@example.com", Roles.Agent);
        var dialogs = context.Render<MudDialogProvider>();

        var page = context.Render<UsersEditPage>(p => p.Add(x => x.UserId, agent.Id));
        page.WaitForAssertion(() => page.Find("[data-testid=disable-user]").Click());
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Disable").Click());
        page.WaitForAssertion(() => Assert.Equal("Disabled", page.Find("[data-testid=account-status]").TextContent));
        Assert.NotNull(page.Find("[data-testid=enable-user]"));
        await using (var db = database.CreateDbContext())
        {
            Assert.True((await db.Users.SingleAsync(u => u.Id == agent.Id)).IsDisabled);
        }

        var own = context.Render<UsersEditPage>(p => p.Add(x => x.UserId, PortalPages.AdministratorId));
        own.WaitForAssertion(() => own.Find("[data-testid=disable-user]").Click());
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Disable").Click());
        own.WaitForAssertion(() => Assert.Equal("You cannot disable your own account.", own.Find("[data-testid=account-error]").TextContent));
        Assert.Equal("Active", own.Find("[data-testid=account-status]").TextContent);
    }

    [Fact]
    public async Task ResettingTwoFactorIsOfferedOnlyWhenItIsOnAndTurnsItOff()
    {
        var (database, context) = await PagesAsync();
        await using var _ = database;
        await using var __ = context;
        var user = await AdministrationServices.CreateUserAsync(context.Services, "twofactor@example.com", Roles.Supervisor);
        await using (var scope = context.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(user.Id))!, true);
        }
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<UsersEditPage>(p => p.Add(x => x.UserId, user.Id));

        page.WaitForAssertion(() => Assert.Equal("On", page.Find("[data-testid=account-2fa]").TextContent));
        page.Find("[data-testid=reset-2fa]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Reset").Click());

        page.WaitForAssertion(() => Assert.Equal("Off", page.Find("[data-testid=account-2fa]").TextContent));
        Assert.True(page.Find("[data-testid=reset-2fa]").HasAttribute("disabled"));
    }
}
