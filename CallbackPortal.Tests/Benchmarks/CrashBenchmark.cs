using System.Globalization;
using CallbackPortal.Tests.Reliability;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// The long crash-safety run (<see cref="CrashRun"/>): the built app on one SQLite file under a steady load of creates,
/// killed with SIGKILL at random moments and restarted each time; prints the audit's table and fails when a check fails.
/// </summary>
public static class CrashBenchmark
{
    /// <summary><c>crash [kills] [seed]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var kills = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var report = await CrashRun.RunAsync(new CrashRunSettings
        {
            Kills = kills,
            Seed = seed,
            DrainLimit = TimeSpan.FromMinutes(5),
            Log = Console.WriteLine,
        });
        Console.WriteLine();
        Console.WriteLine($"crash safety: {kills} SIGKILLs, seed {seed}, SQLite, {Environment.ProcessorCount} cores");
        Console.WriteLine(report.Table());
        return report.Passed ? 0 : 1;
    }
}
