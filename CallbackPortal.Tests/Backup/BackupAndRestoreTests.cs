using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CallbackPortal.Backup;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CallbackPortal.Tests.Backup;

/// <summary>The backup and restore commands against the built app running as its own process on a SQLite file.</summary>
public sealed class BackupAndRestoreTests
{
    [Fact]
    public async Task ABackupTakenWhileCallbacksPourInHoldsEveryAcknowledgedOneAndTheRestoredCopyServesThem()
    {
        var folder = TempFiles.NewFolder();
        var database = Path.Combine(folder, "data", "portal.db");
        var environment = Settings(database);
        await using var app = AppProcess.Start(environment, folder);
        await app.WaitUntilReadyAsync();
        var service = await AddServiceAsync(database);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(() => CreateUntilStoppedAsync(http, service.Key, acknowledged, stop.Token));
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(acknowledged.Count >= 25), TimeSpan.FromSeconds(60)), "callbacks were being created");
        var beforeBackup = acknowledged.ToDictionary();
        var copy = Path.Combine(folder, "backups", "portal-copy.db");

        var backup = await AppProcess.RunAsync(environment, folder, PortalCommand.Backup, copy);
        var afterBackup = acknowledged.Count;
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(acknowledged.Count > afterBackup), TimeSpan.FromSeconds(30)), "the app kept taking callbacks");
        await stop.CancelAsync();
        await traffic;

        Assert.True(backup.ExitCode == 0, backup.Error + backup.Output);
        Assert.Contains("integrity_check ok", backup.Output, StringComparison.Ordinal);
        Assert.Equal("ok", SqliteFile.IntegrityCheck(copy));
        var copied = await CallbackIdsAsync(copy);
        Assert.Empty(beforeBackup.Keys.Except(copied));

        var refused = await AppProcess.RunAsync(environment, folder, PortalCommand.Restore, copy);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is in use", refused.Error, StringComparison.Ordinal);

        await app.KillAsync();
        var restore = await AppProcess.RunAsync(environment, folder, PortalCommand.Restore, copy);
        Assert.True(restore.ExitCode == 0, restore.Error + restore.Output);
        Assert.False(File.Exists(database + "-wal"), "no stale write-ahead log is left beside the restored file");
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(database)!, "portal.db.before-restore-*Z"));

        await using var restarted = AppProcess.Start(environment, folder);
        await restarted.WaitUntilReadyAsync();
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
        var (id, token) = beforeBackup.First();
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/callbacks/{id}");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answer = await client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(copied.Count, (await CallbackIdsAsync(database)).Count);
    }

    [Fact]
    public async Task OnPostgresTheBackupRefusesAndPointsToPgDump()
    {
        var folder = TempFiles.NewFolder();

        var result = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__DefaultConnection"] = "Host=127.0.0.1;Database=portal",
        }, folder, PortalCommand.Backup, Path.Combine(folder, "copy.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pg_dump", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "copy.db")));
    }

    [Fact]
    public async Task ABackupNeverOverwritesAFileAndSaysWhy()
    {
        var folder = TempFiles.NewFolder();
        var database = Path.Combine(folder, "portal.db");
        await using (var db = Context(database))
        {
            await db.Database.MigrateAsync();
        }
        var existing = Path.Combine(folder, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me");

        var result = await AppProcess.RunAsync(Settings(database), folder, PortalCommand.Backup, existing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("exists already", result.Error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    private static Dictionary<string, string> Settings(string database) => new()
    {
        ["ConnectionStrings__DefaultConnection"] = $"Data Source={database}",
        ["PublicApi__RateLimitPermits"] = "1000000",
    };

    /// <summary>A context on the file; with the app's pragmas (busy timeout) for the live database, without them for a copy, which they would turn to WAL.</summary>
    private static AppDbContext Context(string database, bool live = true)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={database};Pooling=False");
        return new(live ? options.AddInterceptors(new SqlitePragmas(10)).Options : options.Options);
    }

    private static async Task<CallbackService> AddServiceAsync(string database)
    {
        var service = new CallbackService
        {
            Id = Guid.NewGuid(), Key = "backup", Name = "Backup test", CallerId = "+12025550100", DefaultCountry = "US",
            RequiredSkills = [new RequiredSkill { Skill = "nobody-has-this" }], Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            Captcha = new CallbackPortal.PublicApi.Captcha.CaptchaSettings { Provider = CallbackPortal.PublicApi.Captcha.CaptchaProvider.Off }, CreatedAt = DateTimeOffset.UtcNow,
            MaxQueued = CallbackService.MaxQueuedLimit,
        };
        await using var db = Context(database);
        db.CallbackServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    /// <summary>Creates callbacks one after another; those answered 201 are acknowledged (id → access token).</summary>
    private static async Task CreateUntilStoppedAsync(HttpClient http, string service, ConcurrentDictionary<Guid, string> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var number = ConsumerNumbers.Varied("US", PhoneNumberType.FIXED_LINE_OR_MOBILE, i);
            var response = await ApiServices.CreateCallbackAsync(http, service, new { phoneNumber = number, firstName = "Backup" });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = await ApiServices.JsonAsync(response);
                acknowledged[body.GetProperty("id").GetGuid()] = body.GetProperty("accessToken").GetString()!;
            }
        }
    }

    private static async Task<HashSet<Guid>> CallbackIdsAsync(string database)
    {
        await using var db = Context(database, live: false);
        return [.. await db.Callbacks.AsNoTracking().Select(c => c.Id).ToListAsync()];
    }
}
