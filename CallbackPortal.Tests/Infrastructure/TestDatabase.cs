using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>A migrated SQLite file for tests that drive services without the web host.</summary>
public sealed class TestDatabase : IDbContextFactory<AppDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<AppDbContext> options;

    private TestDatabase(string path)
    {
        Path = path;
        options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite($"Data Source={path};Default Timeout=10")
            .AddInterceptors(new SqlitePragmas(10))
            .Options;
    }

    public string Path { get; }

    public static async Task<TestDatabase> CreateAsync(bool withDefaultGrants = true)
    {
        var database = new TestDatabase(TempFiles.NewDatabasePath());
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        if (withDefaultGrants)
        {
            foreach (var (role, permissions) in DefaultRolePermissions.Grants)
            {
                db.RolePermissions.AddRange(permissions.Select(p => new RolePermission { Role = role, Permission = p }));
            }
            await db.SaveChangesAsync();
        }
        return database;
    }

    /// <summary>The database file an app process made and migrated (its folder is deleted with it).</summary>
    public static TestDatabase At(string path) => new(path);

    public AppDbContext CreateDbContext() => new(options);

    public ValueTask DisposeAsync()
    {
        TempFiles.DeleteDatabase(Path);
        return ValueTask.CompletedTask;
    }
}
