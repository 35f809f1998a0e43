using System.Net;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Administration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallbackPortal.Tests.Administration;

/// <summary>The role × permission matrix: saved whole with an audit entry per role, applied without a restart, defaults restorable.</summary>
[Collection(PortalCollection.Name)]
public sealed class PermissionMatrixTests
{
    private static readonly PortalActor Admin = AdministrationServices.Administrator;

    private static Dictionary<string, HashSet<string>> Copy(Dictionary<string, HashSet<string>> grants) => grants.ToDictionary(g => g.Key, g => g.Value.ToHashSet());

    [Fact]
    public async Task ASaveChangesOnlyTheEditedRolesWithTheirBeforeAndAfterInTheAuditLog()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var matrix = harness.Services.GetRequiredService<PermissionMatrix>();
        var loaded = await matrix.LoadAsync(CancellationToken.None);
        var edited = Copy(loaded);
        edited[Roles.Monitor].Add(Permissions.Diagnostics.View);
        edited[Roles.Agent].Remove(Permissions.Agents.Workspace);

        Assert.Null(await matrix.SaveAsync(Admin, loaded, edited, CancellationToken.None));

        var stored = await matrix.LoadAsync(CancellationToken.None);
        Assert.Contains(Permissions.Diagnostics.View, stored[Roles.Monitor]);
        Assert.Empty(stored[Roles.Agent]);
        Assert.Equal(loaded[Roles.Supervisor], stored[Roles.Supervisor]);
        await using var db = harness.Database.CreateDbContext();
        var entries = await db.AuditEntries.OrderBy(e => e.Target).ToListAsync();
        Assert.Equal(["Agent", "Monitor"], entries.Select(e => e.Target));
        Assert.All(entries, e => Assert.Equal(AuditAreas.Permissions, e.Area));
        var monitor = AuditChanges.FromJson(entries[1].Changes).Single();
        Assert.Equal("live.view, callbacks.view, reports.view", monitor.Before);
        Assert.Equal("live.view, callbacks.view, reports.view, diagnostics.view", monitor.After);
        // Administrators keep every permission whatever is stored; their rows are not the page's to change.
        Assert.Equal(Permissions.All.Count, await db.RolePermissions.CountAsync(g => g.Role == Roles.Administrator));
    }

    [Fact]
    public async Task ASaveOverSomeoneElsesChangeIsRefusedAndSavesNothing()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var matrix = harness.Services.GetRequiredService<PermissionMatrix>();
        var mine = await matrix.LoadAsync(CancellationToken.None);
        var theirs = Copy(mine);
        theirs[Roles.Supervisor].Remove(Permissions.Rules.Manage);
        Assert.Null(await matrix.SaveAsync(Admin, mine, theirs, CancellationToken.None));
        var edited = Copy(mine);
        edited[Roles.Monitor].Add(Permissions.Audit.View);

        Assert.Equal(PermissionMatrix.StaleMessage, await matrix.SaveAsync(Admin, mine, edited, CancellationToken.None));

        var stored = await matrix.LoadAsync(CancellationToken.None);
        Assert.DoesNotContain(Permissions.Audit.View, stored[Roles.Monitor]);
        Assert.DoesNotContain(Permissions.Rules.Manage, stored[Roles.Supervisor]);
    }

    [Fact]
    public async Task RestoringDefaultsPutsBackTheGrantsOfANewInstallation()
    {
        await using var harness = await AdministrationHarness.CreateAsync();
        var matrix = harness.Services.GetRequiredService<PermissionMatrix>();
        var loaded = await matrix.LoadAsync(CancellationToken.None);
        var edited = PermissionMatrix.EditableRoles.ToDictionary(r => r, _ => new HashSet<string> { Permissions.Users.Manage });
        Assert.Null(await matrix.SaveAsync(Admin, loaded, edited, CancellationToken.None));

        await matrix.RestoreDefaultsAsync(Admin, CancellationToken.None);

        var stored = await matrix.LoadAsync(CancellationToken.None);
        foreach (var role in PermissionMatrix.EditableRoles)
        {
            Assert.Equal(DefaultRolePermissions.Grants[role].ToHashSet(), stored[role]);
        }
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(PermissionMatrix.EditableRoles.Count, await db.AuditEntries.CountAsync(e => e.Action == "defaults-restored"));
    }

    [Fact]
    public async Task AGrantLetsASignedInUserOfThatRoleOpenThePageOnTheirNextRequest()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("monitor@example.test", SharedPortal.Password, Roles.Monitor);
        using var monitor = await host.LoginAsync("monitor@example.test", SharedPortal.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await monitor.GetAsync("/integration/api-keys")).StatusCode);
        var matrix = host.Services.GetRequiredService<PermissionMatrix>();
        var loaded = await matrix.LoadAsync(CancellationToken.None);
        var edited = Copy(loaded);
        edited[Roles.Monitor].Add(Permissions.ApiKeys.Manage);

        Assert.Null(await matrix.SaveAsync(Admin, loaded, edited, CancellationToken.None));
        var granted = await monitor.GetAsync("/integration/api-keys");
        await matrix.RestoreDefaultsAsync(Admin, CancellationToken.None);
        var restored = await monitor.GetAsync("/integration/api-keys");

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, restored.StatusCode);
    }

    [Fact]
    public async Task ThePageShowsTheAdministratorColumnFixedSavesATickAndRestoresDefaultsAfterConfirming()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = PortalPages.For(database, s => s.AddAdministration(database));
        await AdministrationServices.SeedAsync(context.Services);
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<PermissionsPage>();

        page.WaitForAssertion(() => Assert.Contains("Manage API keys", page.Find("[data-testid=matrix]").TextContent));
        Assert.True(CheckBox(page, Roles.Administrator, Permissions.Users.Manage).HasAttribute("disabled"));
        Assert.True(CheckBox(page, Roles.Administrator, Permissions.Users.Manage).IsChecked);
        Assert.False(CheckBox(page, Roles.Monitor, Permissions.Diagnostics.View).IsChecked);
        CheckBox(page, Roles.Monitor, Permissions.Diagnostics.View).Change(true);
        page.WaitForAssertion(() => Assert.Contains("1 unsaved change", page.Find("[data-testid=unsaved]").TextContent));
        page.Find("[data-testid=save-permissions]").Click();
        page.WaitForAssertion(() => Assert.Contains("Saved.", page.Find("[data-testid=permissions-saved]").TextContent));
        var matrix = context.Services.GetRequiredService<PermissionMatrix>();
        Assert.Contains(Permissions.Diagnostics.View, (await matrix.LoadAsync(CancellationToken.None))[Roles.Monitor]);

        page.Find("[data-testid=restore-defaults]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Restore defaults").Click());

        page.WaitForAssertion(() => Assert.Contains("Defaults restored.", page.Markup));
        Assert.DoesNotContain(Permissions.Diagnostics.View, (await matrix.LoadAsync(CancellationToken.None))[Roles.Monitor]);
    }

    private static AngleSharp.Html.Dom.IHtmlInputElement CheckBox(IRenderedComponent<PermissionsPage> page, string role, string permission) =>
        (AngleSharp.Html.Dom.IHtmlInputElement)page.FindAll($"input[data-testid='grant-{role}-{permission}'], [data-testid='grant-{role}-{permission}'] input")[0];
}
