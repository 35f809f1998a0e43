using CallbackPortal.Rules;

namespace CallbackPortal.Tests.Rules;

public sealed class ThrottleTests
{
    private static readonly DateTimeOffset Now = Examples.Now;

    [Theory]
    [InlineData(0, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    [InlineData(9, false)] // the limit was lowered after the requests came in
    public void ANumberPassesWhileItsCountIsBelowTheLimit(int count, bool allowed)
    {
        var facts = Examples.Immediate();
        facts = facts with { NumberWindow = new ThrottleFact(facts.Rules.NumberThrottle, count, Now.AddHours(-1)) };

        var verdict = RuleEvaluator.Evaluate(facts);

        Assert.Equal(allowed, verdict.Allowed);
        if (!allowed)
        {
            Assert.Equal(("too-many-requests", "number-throttle", $"{count} of 6 in 24 h"), (verdict.Code, verdict.Rule, verdict.Value));
        }
    }

    [Fact]
    public void RetryAfterIsWhenTheOldestRequestLeavesTheWindow()
    {
        var facts = Examples.Immediate();
        facts = facts with { NumberWindow = new ThrottleFact(facts.Rules.NumberThrottle, 6, Now - TimeSpan.FromHours(20) - TimeSpan.FromMinutes(55)) };

        var verdict = RuleEvaluator.Evaluate(facts);

        Assert.Equal(TimeSpan.FromMinutes(185), verdict.RetryAfter);
        Assert.Equal("Refused by number throttle: +44•••••3456 has used 6 of 6 requests per 24 h; retry in 3 h 5 min.", verdict.Explanation);
    }

    [Theory]
    [InlineData(-86_400_000, 1_000)] // the oldest is just leaving: round up, never below a second
    [InlineData(-86_398_500, 2_000)] // partial seconds round up
    [InlineData(-86_500_000, 1_000)] // stale data: still at least a second
    public void RetryAfterIsWholeSecondsAndAtLeastOne(double oldestOffsetMs, int retryMs)
    {
        var facts = Examples.Immediate();
        facts = facts with { NumberWindow = new ThrottleFact(facts.Rules.NumberThrottle, 6, Now.AddMilliseconds(oldestOffsetMs)) };

        Assert.Equal(TimeSpan.FromMilliseconds(retryMs), RuleEvaluator.Evaluate(facts).RetryAfter);
    }

    [Fact]
    public void WithoutTheOldestRequestRetryAfterIsTheWholeWindow()
    {
        var facts = Examples.Immediate();
        facts = facts with { NumberWindow = new ThrottleFact(facts.Rules.NumberThrottle, 6, null) };

        Assert.Equal(TimeSpan.FromHours(24), RuleEvaluator.Evaluate(facts).RetryAfter);
    }

    [Fact]
    public void ALimitOfZeroTurnsTheThrottleOff()
    {
        var facts = Examples.Immediate() with { NumberWindow = new ThrottleFact(new ThrottleLimit(0, 86_400), 1_000, Now.AddHours(-1)) };

        var verdict = RuleEvaluator.Evaluate(facts);

        Assert.True(verdict.Allowed);
        Assert.Contains(verdict.Checks, c => c is { Rule: "number-throttle", Passed: true, Explanation: "Number throttle: off." });
    }

    [Fact]
    public void EachServiceWindowIsCheckedAndTheFullOneRefuses()
    {
        var rules = new ServiceRules();
        var facts = Examples.Immediate(rules) with
        {
            ServiceWindows = [new ThrottleFact(rules.ServiceThrottles[0], 120, Now.AddMinutes(-4)), new ThrottleFact(rules.ServiceThrottles[1], 1_000, Now.AddMinutes(-59))],
        };

        var verdict = RuleEvaluator.Evaluate(facts);

        Assert.Equal(("too-many-requests", "service-throttle", "1000 of 1000 in 1 h"), (verdict.Code, verdict.Rule, verdict.Value));
        Assert.Equal(TimeSpan.FromMinutes(1), verdict.RetryAfter);
        Assert.Equal("Refused by service throttle: the service has used 1000 of 1000 requests per 1 h; retry in 1 min.", verdict.Explanation);
        Assert.Equal([true, false], verdict.Checks.Where(c => c.Rule == "service-throttle").Select(c => c.Passed));
    }

    [Fact]
    public void TheKeyedThrottleIsCheckedBeforeTheNumberAndServiceThrottles()
    {
        var rules = new ServiceRules { KeyedThrottle = new KeyedThrottle { Source = ThrottleKeySource.Header, Name = "X-User-Id", Limit = 10, WindowSeconds = 3_600 } };
        var facts = Examples.Immediate(rules) with
        {
            KeyedWindow = new ThrottleFact(rules.KeyedThrottle.ToLimit(), 10, Now.AddMinutes(-48)),
            NumberWindow = new ThrottleFact(rules.NumberThrottle, 6, Now.AddHours(-1)),
        };

        var verdict = RuleEvaluator.Evaluate(facts);

        Assert.Equal(("too-many-requests", "keyed-throttle", "10 of 10 in 1 h"), (verdict.Code, verdict.Rule, verdict.Value));
        Assert.Equal(TimeSpan.FromMinutes(12), verdict.RetryAfter);
        Assert.Equal("Refused by keyed throttle on header 'X-User-Id': this header value has used 10 of 10 requests per 1 h; retry in 12 min.", verdict.Explanation);
    }

    [Fact]
    public void AKeyedThrottleDoesNotApplyToARequestWithoutItsKey()
    {
        var rules = new ServiceRules { KeyedThrottle = new KeyedThrottle { Source = ThrottleKeySource.Field, Name = "userData.userId", Limit = 1, WindowSeconds = 60 } };

        var verdict = RuleEvaluator.Evaluate(Examples.Immediate(rules) with { KeyedWindow = null });

        Assert.True(verdict.Allowed);
        Assert.Contains(verdict.Checks, c => c.Explanation == "Keyed throttle on field 'userData.userId': the request carries no value for it, so it does not apply.");
    }

    [Fact]
    public void ThrottlesComeAfterTheNumberRules()
    {
        var facts = Examples.Immediate() with { Number = Examples.Check("abc") };

        var verdict = RuleEvaluator.Evaluate(facts with { NumberWindow = new ThrottleFact(new ThrottleLimit(6, 86_400), 6, null) });

        Assert.Equal("number-validity", verdict.Rule);
        Assert.Same(facts.Number.Verdict, verdict);
    }
}
