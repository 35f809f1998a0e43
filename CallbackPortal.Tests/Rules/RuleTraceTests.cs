using CallbackPortal.Rules;
using CallbackPortal.Services;
using PhoneNumbers;

namespace CallbackPortal.Tests.Rules;

public sealed class RuleTraceTests
{
    [Fact]
    public void AnAllowedAsapRequestListsEveryRuleInOrder()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate());

        Assert.True(verdict.Allowed);
        Assert.Equal(
            ["number-validity", "number-type", "permitted-countries", "blocked-pattern", "keyed-throttle", "number-throttle",
             "service-throttle", "service-throttle", "duplicate-in-queue", "office-hours", "watermark"],
            verdict.Checks.Select(c => c.Rule));
        Assert.All(verdict.Checks, c => Assert.True(c.Passed));
        Assert.Equal("Allowed: all 11 rule checks passed.", verdict.Explanation);
        Assert.Equal((null, null, null, null), (verdict.Code, verdict.Rule, verdict.Value, verdict.RetryAfter));
    }

    [Fact]
    public void AnAllowedScheduledRequestEndsWithTheSlotSteps()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Scheduled(SlotOutcome.Ok));

        Assert.Equal(["duplicate-in-queue", "desired-time", "horizon", "office-hours", "slot-capacity"], verdict.Checks.Skip(8).Select(c => c.Rule));
        Assert.Equal("Slot capacity: the slot starting 2026-03-05 10:15 (America/New_York) has 97 of 100 places free.", verdict.Checks[^1].Explanation);
    }

    [Fact]
    public void ARefusalEndsTheTraceWithTheRefusingRule()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate() with { OpenForNumber = 2 });

        Assert.Equal(9, verdict.Checks.Count);
        Assert.Equal(new RuleCheck("duplicate-in-queue", false, verdict.Explanation), verdict.Checks[^1]);
        Assert.All(verdict.Checks.SkipLast(1), c => Assert.True(c.Passed));
    }

    [Fact]
    public void TheTraceExplainsEachPassedRule()
    {
        var verdict = RuleEvaluator.Evaluate(Examples.Immediate());

        Assert.Equal(
            [
                "Number validity: +44•••••3456 is a valid number of +44 (GB).",
                "Number type: +44•••••3456 is a mobile number, a type this service calls.",
                "Permitted countries: +44•••••3456 is a number of GB, which this service calls.",
                "Blocked patterns: none are set.",
                "Keyed throttle: none is set.",
                "Number throttle: +44•••••3456 has used 0 of 6 requests per 24 h.",
                "Service throttle: the service has used 0 of 500 requests per 5 min.",
                "Service throttle: the service has used 0 of 1000 requests per 1 h.",
                "Duplicate check (normal): +44•••••3456 has 0 open callbacks in this service; 2 allowed.",
                "Office hours: the service is open now.",
                "Watermark: 0 of 1000 queued, so the service takes ASAP callbacks.",
            ],
            verdict.Checks.Select(c => c.Explanation));
    }

    [Theory]
    [InlineData("GB", PhoneNumberType.MOBILE)]
    [InlineData("GB", PhoneNumberType.PREMIUM_RATE)]
    [InlineData("DE", PhoneNumberType.MOBILE)]
    public void NoExplanationShowsMoreOfTheNumberThanItsLastFourDigits(string region, PhoneNumberType type)
    {
        var number = Examples.Number(region, type)!;
        var rules = new ServiceRules { BlockedPatterns = [new() { Kind = PatternKind.Regex, Pattern = "^$" }] };
        var facts = Examples.Immediate(rules) with { Number = RuleEvaluator.CheckNumber(number, "GB", rules), OpenForNumber = 2 };

        var verdict = RuleEvaluator.Evaluate(facts);

        var digits = number[1..];
        Assert.All(verdict.Checks.Select(c => c.Explanation).Append(verdict.Explanation), text =>
        {
            Assert.DoesNotContain(digits[..^4], text, StringComparison.Ordinal);
            Assert.DoesNotContain(digits[^6..], text, StringComparison.Ordinal);
        });
    }
}
