using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.PublicApi.Abuse;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// The abuse scenarios of <c>AbuseTests</c> against the app with its configured limits, as one table: attempts, how
/// many got through, the limit, and what the rest were refused with. Adds password spraying, which no rule limits.
/// </summary>
public static class AbuseBenchmark
{
    public static async Task<int> RunAsync()
    {
        // The configured limits, none raised: test hosts lift the sign-in limit (their tests all sign in from 127.0.0.1).
        await using var host = new PortalHost(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["Security:SignInAttemptsPerAddress"] = new CallbackPortal.Hosting.SecurityOptions().SignInAttemptsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var scenarios = new AbuseScenarios(host);
        var figures = new List<AbuseFigure>
        {
            await scenarios.BombOneNumberAsync(),
            await scenarios.BombOneNumberPastTheDuplicateCheckAsync(),
            await scenarios.ManyNumbersFromOneClientAsync(),
            await scenarios.PremiumAndHighRiskNumbersAsync(),
            await scenarios.CaptchaReplayAsync(),
            await scenarios.CorsFromForeignOriginsAsync(),
            await scenarios.GuessCallbackIdsAsync(),
            await scenarios.BruteForceOneAccountAsync(),
            await scenarios.PasswordSprayingFromOneAddressAsync(),
        };
        Console.WriteLine(AbuseFigure.Table(figures));
        Console.WriteLine($"Guessed ids and wrong tokens got {scenarios.DistinctGuessAnswers} distinct answer(s).");
        var over = figures.Where(f => f.GotThrough > f.Limit).ToList();
        return over.Count == 0 ? 0 : 1;
    }
}
