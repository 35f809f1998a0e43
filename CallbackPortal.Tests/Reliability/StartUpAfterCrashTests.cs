using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Reliability;

[Collection(CrashSafetyCollection.Name)]
public sealed class StartUpAfterCrashTests
{
    [Fact]
    public async Task AnAppKilledWhileItMigratedStartsAgainOnTheSameFile()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            // What a process killed inside MigrateAsync leaves behind: EF Core's migration lock row, which no one deletes.
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-12-07 10:00:00+00:00');
                """);
        }

        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__DefaultConnection"] = $"Data Source={database.Path}",
        }, Path.GetDirectoryName(database.Path)!);
        await app.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));

        await using var after = database.CreateDbContext();
        Assert.Equal(0, await after.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "__EFMigrationsLock" """).SingleAsync());
    }
}
