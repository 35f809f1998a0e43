using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Administration;

/// <summary>Users: created with roles and a service limit, validated at the field, guarded so no installation loses its last administrator.</summary>
public sealed class UserAdministrationTests
{
    private static readonly PortalActor Admin = AdministrationServices.Administrator;

    private static UserForm NewUser(string email, params string[] roles) =>
        new() { Email = email, DisplayName = "Sam Super", Password = "a-long-enough-password", Roles = [.. roles] };

    private static async Task<Guid[]> ServicesAsync(AdministrationHarness harness, params string[] keys)
    {
        await using var db = harness.Database.CreateDbContext();
        var services = keys.Select(k => new CallbackService { Id = Guid.NewGuid(), Key = k, Name = k.ToUpperInvariant() }).ToList();
        db.CallbackServices.AddRange(services);
        await db.SaveChangesAsync();
        return [.. services.Select(s => s.Id)];
    }

    [Fact]
    public async Task AUserIsCreatedWithRolesAndAServiceLimitAndAnAuditEntryThatNeverHoldsThePassword()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var ids = await ServicesAsync(harness, "sales", "support");
        var form = NewUser(" sam@example.com ", Roles.Supervisor);
        form.LimitServices = true;
        form.Services = [ids[1]];

        var created = await harness.Users.CreateAsync(Admin, form, CancellationToken.None);

        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Values.SelectMany(m => m)));
        var stored = await harness.WithUserManagerAsync(async users =>
        {
            var user = (await users.FindByEmailAsync("sam@example.com"))!;
            return (user, await users.GetRolesAsync(user), await users.CheckPasswordAsync(user, "a-long-enough-password"));
        });
        Assert.Equal(created.UserId, stored.user.Id);
        Assert.Equal([Roles.Supervisor], stored.Item2);
        Assert.True(stored.Item3);
        Assert.True(stored.user.EmailConfirmed);
        Assert.Equal([ids[1]], stored.user.ServiceLimit);
        var row = (await harness.Directory.ListAsync(CancellationToken.None)).Single(u => u.Email == "sam@example.com");
        Assert.Equal(["SUPPORT"], row.Services);
        await using var db = harness.Database.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((AuditAreas.Users, AuditActions.Created, "sam@example.com"), (entry.Area, entry.Action, entry.Target));
        Assert.Contains("support", entry.Changes);
        Assert.DoesNotContain("a-long-enough-password", entry.Changes);
    }

    [Fact]
    public async Task BadInputIsRefusedAtEachFieldAndNothingIsCreated()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var ids = await ServicesAsync(harness, "sales");

        var invalid = await harness.Users.CreateAsync(Admin, new UserForm { Email = "not an address", Password = "short" }, CancellationToken.None);
        var duplicate = await harness.Users.CreateAsync(Admin, NewUser("ADMIN@example.com", Roles.Monitor), CancellationToken.None);
        var limitedAdmin = NewUser("boss@example.com", Roles.Administrator);
        limitedAdmin.LimitServices = true;
        limitedAdmin.Services = [ids[0]];
        var adminWithLimit = await harness.Users.CreateAsync(Admin, limitedAdmin, CancellationToken.None);
        var noService = NewUser("none@example.com", Roles.Monitor);
        noService.LimitServices = true;
        var limitWithoutServices = await harness.Users.CreateAsync(Admin, noService, CancellationToken.None);

        Assert.Contains("Not an e-mail address", invalid.Errors["Email"][0]);
        Assert.Contains("at least 12 characters", invalid.Errors["Password"][0]);
        Assert.Equal("Choose at least one role.", invalid.Errors["Roles"][0]);
        Assert.Equal(["Email"], duplicate.Errors.Keys);
        Assert.Contains("already exists", duplicate.Errors["Email"][0]);
        Assert.Contains("Administrators always have every service", adminWithLimit.Errors["Services"][0]);
        Assert.Contains("Choose at least one service", limitWithoutServices.Errors["Services"][0]);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task NobodyDisablesThemselvesOrRemovesTheirOwnAdministratorRoleAndTheLastAdministratorStays()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var other = await AdministrationServices.CreateUserAsync(harness.Services, "second@example.com", Roles.Administrator);
        var asOther = AdministrationServices.Actor(other);

        var disableSelf = await harness.Users.SetDisabledAsync(Admin, PortalPages.AdministratorId, true, CancellationToken.None);
        var own = (await harness.Directory.LoadAsync(PortalPages.AdministratorId, CancellationToken.None))!.Form;
        own.Roles = [Roles.Supervisor];
        var demoteSelf = await harness.Users.UpdateAsync(Admin, PortalPages.AdministratorId, own, CancellationToken.None);
        var disableOther = await harness.Users.SetDisabledAsync(Admin, other.Id, true, CancellationToken.None);
        // The second administrator is disabled now: the first is the last enabled one.
        var last = (await harness.Directory.LoadAsync(PortalPages.AdministratorId, CancellationToken.None))!.Form;
        last.Roles = [Roles.Monitor];
        var demoteLast = await harness.Users.UpdateAsync(asOther, PortalPages.AdministratorId, last, CancellationToken.None);
        var disableLast = await harness.Users.SetDisabledAsync(asOther, PortalPages.AdministratorId, true, CancellationToken.None);

        Assert.Equal("You cannot disable your own account.", disableSelf.Errors[""][0]);
        Assert.Equal("You cannot take away your own Administrator role.", demoteSelf.Errors["Roles"][0]);
        Assert.True(disableOther.Succeeded);
        Assert.Contains("last enabled administrator", demoteLast.Errors["Roles"][0]);
        Assert.Contains("last enabled administrator", disableLast.Errors[""][0]);
        var admin = (await harness.Directory.ListAsync(CancellationToken.None)).Single(u => u.Id == PortalPages.AdministratorId);
        Assert.Equal([Roles.Administrator], admin.Roles);
        Assert.False(admin.Disabled);
    }

    [Fact]
    public async Task TwoAdministratorsDisablingEachOtherAtOnceLeaveOneEnabled()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var other = await AdministrationServices.CreateUserAsync(harness.Services, "second@example.com", Roles.Administrator);

        var results = await Task.WhenAll(
            Task.Run(() => harness.Users.SetDisabledAsync(Admin, other.Id, true, CancellationToken.None)),
            Task.Run(() => harness.Users.SetDisabledAsync(AdministrationServices.Actor(other), PortalPages.AdministratorId, true, CancellationToken.None)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await harness.Directory.ListAsync(CancellationToken.None), u => u.Roles.Contains(Roles.Administrator) && !u.Disabled);
    }

    [Fact]
    public async Task OnlyAnAdministratorGivesTheAdministratorRoleOrChangesAnAdministrator()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var manager = AdministrationServices.Actor(await AdministrationServices.CreateUserAsync(harness.Services, "manager@example.com", Roles.Supervisor));

        var promote = await harness.Users.CreateAsync(manager, NewUser("new-admin@example.com", Roles.Administrator), CancellationToken.None);
        var disableAdmin = await harness.Users.SetDisabledAsync(manager, PortalPages.AdministratorId, true, CancellationToken.None);
        var resetAdmin = await harness.Users.ResetTwoFactorAsync(manager, PortalPages.AdministratorId, CancellationToken.None);

        Assert.Contains("Only an administrator", promote.Errors["Roles"][0]);
        Assert.Contains("Only an administrator", disableAdmin.Errors[""][0]);
        Assert.Contains("Only an administrator", resetAdmin.Errors[""][0]);
    }

    [Fact]
    public async Task AServiceLimitedManagerGivesOnlyTheirOwnServicesAndKeepsTheOthersAsTheyWere()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var ids = await ServicesAsync(harness, "mine", "theirs", "also-mine");
        var target = await AdministrationServices.CreateUserAsync(harness.Services, "agent@example.com", Roles.Agent);
        var limit = (await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.Form;
        limit.LimitServices = true;
        limit.Services = [ids[0], ids[1]];
        Assert.True((await harness.Users.UpdateAsync(Admin, target.Id, limit, CancellationToken.None)).Succeeded);
        var manager = new PortalActor("manager", "manager@example.com", new ServiceScope(new HashSet<Guid> { ids[0], ids[2] }));

        Assert.Equal(["ALSO-MINE", "MINE"], (await harness.Directory.ServicesAsync(manager, CancellationToken.None)).Select(s => s.Name));
        var form = (await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.Form;
        form.LimitServices = false;
        var everything = await harness.Users.UpdateAsync(manager, target.Id, form, CancellationToken.None);
        form.LimitServices = true;
        form.Services = [ids[2], ids[1]];
        var swapped = await harness.Users.UpdateAsync(manager, target.Id, form, CancellationToken.None);

        Assert.Contains("only give access to services you have", everything.Errors["Services"][0]);
        Assert.True(swapped.Succeeded, string.Join(" ", swapped.Errors.Values.SelectMany(m => m)));
        var stored = (await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.Form.Services;
        Assert.Equal(new HashSet<Guid> { ids[1], ids[2] }, stored);
        var strangerForm = (await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.Form;
        strangerForm.Services.Add(Guid.NewGuid());
        var unknown = await harness.Users.UpdateAsync(Admin, target.Id, strangerForm, CancellationToken.None);
        Assert.Contains("no longer exists", unknown.Errors["Services"][0]);
    }

    [Fact]
    public async Task AFormOpenedBeforeSomeoneElsesChangeIsRefused()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var target = await AdministrationServices.CreateUserAsync(harness.Services, "agent@example.com", Roles.Agent);
        var mine = (await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.Form;
        var theirs = (await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.Form;
        theirs.DisplayName = "Changed by them";
        Assert.True((await harness.Users.UpdateAsync(Admin, target.Id, theirs, CancellationToken.None)).Succeeded);

        mine.Roles = [Roles.Supervisor];
        var stale = await harness.Users.UpdateAsync(Admin, target.Id, mine, CancellationToken.None);

        Assert.Contains("changed by someone else", stale.Errors[""][0]);
        var row = (await harness.Directory.ListAsync(CancellationToken.None)).Single(u => u.Id == target.Id);
        Assert.Equal("Changed by them", row.DisplayName);
        Assert.Equal([Roles.Agent], row.Roles);
    }

    [Fact]
    public async Task ResettingTwoFactorTurnsItOffWithANewKeyNoRecoveryCodesAndANewStamp()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var target = await AdministrationServices.CreateUserAsync(harness.Services, "phone-lost@example.com", Roles.Supervisor);
        var before = await harness.WithUserManagerAsync(async users =>
        {
            var user = (await users.FindByIdAsync(target.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
            return (Key: await users.GetAuthenticatorKeyAsync(user), Stamp: await users.GetSecurityStampAsync(user));
        });

        var reset = await harness.Users.ResetTwoFactorAsync(Admin, target.Id, CancellationToken.None);

        Assert.True(reset.Succeeded);
        var after = await harness.WithUserManagerAsync(async users =>
        {
            var user = (await users.FindByIdAsync(target.Id))!;
            return (On: await users.GetTwoFactorEnabledAsync(user), Key: await users.GetAuthenticatorKeyAsync(user),
                Codes: await users.CountRecoveryCodesAsync(user), Stamp: await users.GetSecurityStampAsync(user));
        });
        Assert.False(after.On);
        Assert.NotEqual(before.Key, after.Key);
        Assert.Equal(0, after.Codes);
        Assert.NotEqual(before.Stamp, after.Stamp);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal("2fa-reset", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task UnlockingEndsALockout()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var target = await AdministrationServices.CreateUserAsync(harness.Services, "locked@example.com", Roles.Monitor);
        await harness.WithUserManagerAsync(async users => await users.SetLockoutEndDateAsync((await users.FindByIdAsync(target.Id))!, DateTimeOffset.UtcNow.AddMinutes(15)));
        Assert.True((await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.LockedOut);

        Assert.True((await harness.Users.UnlockAsync(Admin, target.Id, CancellationToken.None)).Succeeded);

        Assert.False((await harness.Directory.LoadAsync(target.Id, CancellationToken.None))!.LockedOut);
    }

    [Fact]
    public async Task ASessionOfADisabledUserNoLongerHoldsWhereverItIsChecked()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var target = await AdministrationServices.CreateUserAsync(harness.Services, "leaver@example.com", Roles.Supervisor);
        var sessions = harness.Services.GetRequiredService<UserSessions>();
        await using var scope = harness.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync((await users.FindByIdAsync(target.Id))!);
        Assert.True(await sessions.IsCurrentAsync(users, principal));

        Assert.True((await harness.Users.SetDisabledAsync(Admin, target.Id, true, CancellationToken.None)).Succeeded);

        Assert.True(sessions.HasEnded(principal));
        // Another node knows nothing of the ending, but the stamp in the database no longer matches.
        var elsewhere = new UserSessions(TimeProvider.System, harness.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>(),
            harness.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>());
        await using var fresh = harness.Services.CreateAsyncScope();
        Assert.False(await elsewhere.IsCurrentAsync(fresh.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(), principal));
    }
}
