using CallbackPortal.Tests.PublicApi.Abuse;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>
/// Abuse of the public form against the configured limits: each attack is refused by its rule with its code, and no more
/// gets through than the limit allows. The figures go to the test output (and to <c>Benchmarks -- abuse</c>).
/// </summary>
[Collection(Infrastructure.PortalCollection.Name)]
public sealed class AbuseTests(AbuseHost fixture, ITestOutputHelper output) : IClassFixture<AbuseHost>
{
    private readonly AbuseScenarios scenarios = new(fixture.Host);

    [Fact]
    public async Task BombingOneNumberStopsAtTwoOpenCallbacksAndPastTheDuplicateCheckAtTheNumberThrottle()
    {
        var bombing = Report(await scenarios.BombOneNumberAsync());
        var withoutDuplicateCheck = Report(await scenarios.BombOneNumberPastTheDuplicateCheckAsync());

        AssertHeld(bombing, exactly: true, "409 duplicate-in-queue");
        AssertHeld(withoutDuplicateCheck, exactly: true, "429 too-many-requests (number-throttle)");
    }

    [Fact]
    public async Task ManyNumbersFromOneClientStopAtTheRateLimitOfItsAddress()
    {
        var figure = Report(await scenarios.ManyNumbersFromOneClientAsync());

        AssertHeld(figure, exactly: false, "429 too-many-requests (rate-limit)");
    }

    [Fact]
    public async Task PremiumRateAndHighRiskNumbersAreAllRefusedByTheirRule()
    {
        var figure = Report(await scenarios.PremiumAndHighRiskNumbersAsync());

        AssertHeld(figure, exactly: true, "400 number-not-allowed (number-type)", "400 number-not-allowed (blocked-pattern)", "400 number-not-allowed (permitted-countries)");
        Assert.All(new[] { "number-type", "blocked-pattern", "permitted-countries" }, rule => Assert.Contains(figure.Refusals, r => r.Rule == rule));
    }

    [Fact]
    public async Task ASolvedCaptchaSentTwentyTimesAtOnceBuysOneCallback()
    {
        var figure = Report(await scenarios.CaptchaReplayAsync());

        AssertHeld(figure, exactly: true, "400 captcha-invalid");
    }

    [Fact]
    public async Task ForeignOriginsGetNoCorsHeadersAndStoreNothing()
    {
        var figure = Report(await scenarios.CorsFromForeignOriginsAsync());

        AssertHeld(figure, exactly: true, "403 origin-not-allowed");
    }

    [Fact]
    public async Task GuessedIdsAndWrongTokensGetOneAndTheSame404()
    {
        var figure = Report(await scenarios.GuessCallbackIdsAsync());

        AssertHeld(figure, exactly: true, "404 not-found");
        Assert.Equal(1, scenarios.DistinctGuessAnswers);
    }

    [Fact]
    public async Task BruteForcingALogInChecksOnlyTheConfiguredFailuresThenLocksTheAccount()
    {
        var figure = Report(await scenarios.BruteForceOneAccountAsync());

        AssertHeld(figure, exactly: true, "200 invalid-login-attempt", "302 locked-out");
        Assert.Equal("302 locked-out", figure.Refusals[^1].ToString());
    }

    [Fact]
    public async Task PasswordSprayingFromOneAddressStopsAtTheSignInLimitOfTheAddress()
    {
        var figure = Report(await scenarios.PasswordSprayingFromOneAddressAsync());

        AssertHeld(figure, exactly: true, "200 invalid-login-attempt", "429 sign-in-limit");
        Assert.Equal("429 sign-in-limit", figure.Refusals[^1].ToString());
    }

    private AbuseFigure Report(AbuseFigure figure)
    {
        output.WriteLine(AbuseFigure.Table([figure]));
        Assert.True(fixture.Log.Failures.Count == 0, "The app logged errors: " + string.Join("\n", fixture.Log.Failures.Take(5)));
        return figure;
    }

    /// <summary>No more than the limit got through (exactly the limit when the attack is bigger than it), and every refusal is one of <paramref name="refusals"/>.</summary>
    private static void AssertHeld(AbuseFigure figure, bool exactly, params string[] refusals)
    {
        Assert.True(figure.GotThrough <= figure.Limit, $"{figure.Scenario}: {figure.GotThrough} got through, limit {figure.Limit}");
        if (exactly)
        {
            Assert.Equal(figure.Limit, figure.GotThrough);
        }
        Assert.True(figure.Refusals.Count > 0, $"{figure.Scenario}: nothing was refused");
        Assert.All(figure.Refusals, r => Assert.True(refusals.Any(expected => r.ToString().StartsWith(expected, StringComparison.Ordinal)), $"{figure.Scenario}: refused with {r}"));
    }
}
