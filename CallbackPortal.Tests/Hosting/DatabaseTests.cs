using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Hosting;

[Collection(PortalCollection.Name)]
public sealed class DatabaseTests
{
    [Fact]
    public async Task AFreshDatabaseIsCreatedMigratedAndSeeded()
    {
        var path = Path.Combine(TempFiles.NewFolder(), "not", "yet", "there.db");
        await using var host = new PortalHost(databasePath: path);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        Assert.True(File.Exists(path));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        Assert.Equal(Permissions.All.Count, await db.RolePermissions.CountAsync(p => p.Role == Roles.Administrator));
        Assert.True(await db.RolePermissions.AnyAsync(p => p.Role == Roles.Monitor && p.Permission == Permissions.Reports.View));
        Assert.False(await db.RolePermissions.AnyAsync(p => p.Role == Roles.Monitor && p.Permission == Permissions.Users.Manage));
        var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", journal.Single());
    }

    [Fact]
    public async Task RestartingKeepsTheDataAndDoesNotReseedRemovedGrants()
    {
        var path = TempFiles.NewDatabasePath();
        await using (var first = new PortalHost(databasePath: path))
        {
            await first.CreateUserAsync("keeper@example.test", "a-long-enough-password", Roles.Supervisor);
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.RolePermissions.Where(p => p.Role == Roles.Monitor && p.Permission == Permissions.Reports.View).ExecuteDeleteAsync();
        }

        await using var second = new PortalHost(databasePath: path);
        await using var reopened = await second.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await reopened.Users.AnyAsync(u => u.Email == "keeper@example.test"));
        Assert.False(await reopened.RolePermissions.AnyAsync(p => p.Role == Roles.Monitor && p.Permission == Permissions.Reports.View));
        using var client = await second.LoginAsync("keeper@example.test", "a-long-enough-password");
    }
}
