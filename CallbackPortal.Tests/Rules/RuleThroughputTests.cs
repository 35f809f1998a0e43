using System.Diagnostics;
using CallbackPortal.Rules;

namespace CallbackPortal.Tests.Rules;

public sealed class RuleThroughputTests
{
    [Fact]
    public void AThousandRequestsAgainstTwoHundredPatternsAreDecidedWithinASecond()
    {
        // The most patterns a service may have, a third of each kind, none matching, so every one is tried.
        var rules = new ServiceRules
        {
            BlockedPatterns =
            [
                .. Enumerable.Range(0, ServiceRules.MaxBlockedPatterns).Select(i => new BlockedPattern
                {
                    Kind = (PatternKind)(i % 3),
                    Pattern = i % 3 == 2 ? $@"^\+1900\d{{3}}{i:000}\d$" : $"+1 900-{i:000}*",
                }),
            ],
        };
        Assert.Empty(rules.Validate());
        Assert.True(RuleEvaluator.Evaluate(Examples.Immediate(rules)).Allowed); // parses and caches the regexes

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1_000; i++)
        {
            RuleEvaluator.Evaluate(Examples.Immediate(rules));
        }

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }
}
