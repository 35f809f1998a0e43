using Xunit.Abstractions;

namespace CallbackPortal.Tests.Reliability;

/// <summary>Crash runs start and kill app processes of their own and load the machine: never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashSafetyCollection
{
    public const string Name = "CrashSafety";
}

/// <summary>
/// The short variant of the crash-safety run (<see cref="CrashRun"/>): a few SIGKILLs of the app under load. The long
/// run with 50 kills is <c>dotnet run --project CallbackPortal.Tests/Benchmarks -c Release -- crash 50</c>.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillingTheAppUnderLoadLosesNoAcceptedCallbackDialsNobodyTwiceAndLeavesTheFileSound()
    {
        var report = await CrashRun.RunAsync(new CrashRunSettings { Kills = 3, Seed = 7, Creators = 1, DrainLimit = TimeSpan.FromSeconds(60), Log = output.WriteLine });

        output.WriteLine(report.Table());
        Assert.True(report.Passed, report.Table());
        Assert.Equal(3, report.Kills.Count);
        Assert.True(report.Created > 0, "no create was answered 201");
        Assert.Equal((0, "ok", 0), (report.DoubleDials, report.Integrity, report.Pending));
    }
}
