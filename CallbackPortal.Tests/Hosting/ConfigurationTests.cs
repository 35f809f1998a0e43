using System.Net;
using System.Text.Json;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.Hosting;

public sealed class ConfigurationTests
{
    private static string RepositoryRoot => SettingsFile.LocateRoot();

    [Fact]
    public void TheRootSettingsFileIsFoundFromTheBuildOutput()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryRoot, "CallbackPortal.sln")));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot, "appsettings.json")));
    }

    [Fact]
    public async Task AnInvalidValueStopsTheStartWithOneLineNamingTheKey()
    {
        var folder = TempFiles.NewFolder();
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__DefaultConnection"] = $"Data Source={Path.Combine(folder, "x.db")}",
            ["Jobs__SchedulePollingSeconds"] = "0",
        }, folder);

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        var line = app.StandardError.Trim();
        Assert.StartsWith("Configuration error: Jobs:SchedulePollingSeconds = '0' must be between 1 and 60 seconds", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task AValueOfTheWrongTypeNamesTheKeyToo()
    {
        var folder = TempFiles.NewFolder();
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__DefaultConnection"] = $"Data Source={Path.Combine(folder, "x.db")}",
            ["Security__LockoutMinutes"] = "soon",
        }, folder);

        Assert.NotEqual(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Configuration error:", app.StandardError);
        Assert.Contains("Security:LockoutMinutes", app.StandardError);
    }

    [Fact]
    public async Task RunsFromAnyFolderWithTheRootFileAndEnvironmentOverridesWin()
    {
        var folder = TempFiles.NewFolder();
        var database = Path.Combine(folder, "nested", "data", "portal.db");
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__DefaultConnection"] = $"Data Source={database}",
            ["Jobs__DashboardPath"] = "/jobs-elsewhere",
        }, workingDirectory: folder);
        await app.WaitUntilReadyAsync();

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var moved = await http.GetAsync("/jobs-elsewhere");

        Assert.True(File.Exists(database), "the data folder and database file are created where the override says");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains("/Account/Login", moved.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public void TheValidatorNamesEachFailingKey()
    {
        var result = new SectionValidator<JobsOptions>("Jobs").Validate(null, new JobsOptions { WorkerCount = 0, DashboardPath = "no-slash", FinishedJobMinutes = 0 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Jobs:WorkerCount = '0'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Jobs:DashboardPath = 'no-slash' must be a path", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Jobs:FinishedJobMinutes = '0' must be between 1 and 1440 minutes", StringComparison.Ordinal));
    }
}

[Collection(PortalCollection.Name)]
public sealed class LoadedConfigurationTests(SharedPortal portal)
{
    [Fact]
    public void TheAppUsesTheValuesOfTheRootFile()
    {
        using var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(SettingsFile.LocateRoot(), "appsettings.json")));
        var jobs = portal.Host.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        var security = portal.Host.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;

        Assert.Equal(root.RootElement.GetProperty("Jobs").GetProperty("SchedulePollingSeconds").GetInt32(), jobs.SchedulePollingSeconds);
        Assert.Equal(root.RootElement.GetProperty("Security").GetProperty("LockoutMinutes").GetInt32(), security.LockoutMinutes);
        Assert.Equal(1, jobs.SchedulePollingSeconds);
        // Finished jobs live in this process's memory on SQLite: they expire after the configured minutes, not Hangfire's hours.
        var storage = Assert.IsType<Hangfire.InMemory.InMemoryStorage>(portal.Host.Services.GetRequiredService<Hangfire.JobStorage>());
        Assert.Equal(root.RootElement.GetProperty("Jobs").GetProperty("FinishedJobMinutes").GetInt32(), jobs.FinishedJobMinutes);
        Assert.Equal(TimeSpan.FromMinutes(jobs.FinishedJobMinutes), storage.Options.MaxExpirationTime);
    }
}
