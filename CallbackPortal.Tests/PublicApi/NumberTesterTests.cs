using System.Net.Http.Json;
using CallbackPortal.Callbacks;
using CallbackPortal.Rules;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>"Test a number" gives the verdict a request would get now, with the rule and its explanation, and stores nothing.</summary>
[Collection(PortalCollection.Name)]
public sealed class NumberTesterTests(SharedPortal portal)
{
    [Fact]
    public async Task ABlockedNumberNamesThePatternThatBlocksIt()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s =>
            s.Rules.BlockedPatterns = [new BlockedPattern { Kind = PatternKind.Wildcard, Pattern = "+1202555019?", Note = "fraud wave" }]);
        var tester = portal.Host.Services.GetRequiredService<NumberTester>();

        var verdict = await tester.TestAsync(service.Key, "(202) 555-0199", CancellationToken.None);

        Assert.False(verdict.Allowed);
        Assert.Equal(("number-not-allowed", "blocked-pattern"), (verdict.Code, verdict.Rule));
        Assert.Contains("+1202555019?", verdict.Explanation);
    }

    [Fact]
    public async Task ANumberAtItsThrottleShowsWhenItMayTryAgainAndATestCountsNothing()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            s.Rules.DuplicateCheck = DuplicateCheck.Off;
            s.Rules.NumberThrottle = new ThrottleLimit(2, 3600);
        });
        var tester = portal.Host.Services.GetRequiredService<NumberTester>();
        using var client = portal.Host.NewClient();

        var fresh = await tester.TestAsync(service.Key, "+12025550143", CancellationToken.None);
        var again = await tester.TestAsync(service.Key, "+12025550143", CancellationToken.None);
        await client.Http.PostAsJsonAsync($"/api/v1/services/{service.Key}/callbacks", new { phoneNumber = "+12025550143" });
        await client.Http.PostAsJsonAsync($"/api/v1/services/{service.Key}/callbacks", new { phoneNumber = "+12025550143" });
        var throttled = await tester.TestAsync(service.Key, "+12025550143", CancellationToken.None);

        Assert.True(fresh.Allowed);
        Assert.True(again.Allowed);
        Assert.Contains(fresh.Checks, c => c.Rule == "number-throttle" && c.Passed);
        Assert.Contains(fresh.Checks, c => c.Rule == "watermark" && c.Passed);
        Assert.False(throttled.Allowed);
        Assert.Equal("number-throttle", throttled.Rule);
        Assert.True(throttled.RetryAfter > TimeSpan.FromMinutes(59));
    }

    [Fact]
    public async Task AnUnknownServiceIsSaidSo()
    {
        var tester = portal.Host.Services.GetRequiredService<NumberTester>();

        var error = await Assert.ThrowsAsync<DomainException>(() => tester.TestAsync("no-such-service", "+12025550143", CancellationToken.None));

        Assert.Equal("unknown-service", error.Code);
    }
}
