using CallbackPortal.Rules;
using PhoneNumbers;

namespace CallbackPortal.Tests.Rules;

public sealed class BlockedPatternTests
{
    // +447400123456
    private static readonly string Mobile = Examples.GbMobile;

    [Theory]
    [InlineData(PatternKind.Prefix, "+4474")]
    [InlineData(PatternKind.Prefix, "+44 74-00")]
    [InlineData(PatternKind.Prefix, "+44?4")]
    [InlineData(PatternKind.Prefix, "+447400123456")]
    [InlineData(PatternKind.Wildcard, "+4474*")]
    [InlineData(PatternKind.Wildcard, "*3456")]
    [InlineData(PatternKind.Wildcard, "+44*00*56")]
    [InlineData(PatternKind.Wildcard, "+4474??123456")]
    [InlineData(PatternKind.Wildcard, "+44 7400 1234??")]
    [InlineData(PatternKind.Regex, @"^\+4474")]
    [InlineData(PatternKind.Regex, "0012")]
    [InlineData(PatternKind.Regex, @"^\+44(74|75)\d{8}$")]
    public void AMatchingPatternRefusesTheNumber(PatternKind kind, string pattern)
    {
        var check = Examples.Check(Mobile, Blocking(kind, pattern));

        Assert.Equal(("number-not-allowed", "blocked-pattern", pattern), (check.Verdict.Code, check.Verdict.Rule, check.Verdict.Value));
        Assert.Equal($"Refused by blocked pattern '{pattern}': +44•••••3456 matches.", check.Verdict.Explanation);
    }

    [Theory]
    [InlineData(PatternKind.Prefix, "+4475")]
    [InlineData(PatternKind.Prefix, "4474")] // not E.164: validation refuses it, matching never guesses a '+'
    [InlineData(PatternKind.Wildcard, "+4474")] // a wildcard matches the whole number
    [InlineData(PatternKind.Wildcard, "+4474?")]
    [InlineData(PatternKind.Wildcard, "+4474??12345")]
    [InlineData(PatternKind.Wildcard, "*3457")]
    [InlineData(PatternKind.Regex, @"^\+4475")]
    [InlineData(PatternKind.Regex, @"^4474")]
    [InlineData(PatternKind.Prefix, "")] // a blank row blocks nothing
    [InlineData(PatternKind.Wildcard, " - ")]
    [InlineData(PatternKind.Regex, "")]
    public void APatternThatDoesNotMatchLetsTheNumberThrough(PatternKind kind, string pattern)
    {
        var check = Examples.Check(Mobile, Blocking(kind, pattern));

        Assert.True(check.Allowed, check.Verdict.Explanation);
        Assert.Equal("Blocked patterns: +44•••••3456 matches no blocked pattern (1 checked).", check.Verdict.Checks[^1].Explanation);
    }

    [Fact]
    public void TheNoteExplainsWhyTheRangeIsBlocked()
    {
        var personal = Examples.Number("GB", PhoneNumberType.PERSONAL_NUMBER)!; // +447012345678
        var rules = Blocking(PatternKind.Wildcard, "+4470*", "UK personal numbers");
        rules.AllowedNumberTypes.Add(NumberKind.PersonalNumber);

        var check = Examples.Check(personal, rules);

        Assert.Equal("Refused by blocked pattern '+4470*' (UK personal numbers): +44•••••5678 matches.", check.Verdict.Explanation);
    }

    [Fact]
    public void TheFirstMatchingPatternInTheListIsNamed()
    {
        var rules = new ServiceRules
        {
            BlockedPatterns =
            [
                new() { Kind = PatternKind.Prefix, Pattern = "+1900" },
                new() { Kind = PatternKind.Regex, Pattern = "^\\+44" },
                new() { Kind = PatternKind.Prefix, Pattern = "+4474" },
            ],
        };

        var check = Examples.Check(Mobile, rules);

        Assert.Equal("^\\+44", check.Verdict.Value);
    }

    [Fact]
    public void ARegexThatRunsAwayTimesOutAndRefusesTheNumber()
    {
        // Nested loops over the digits and no way to match: seconds of backtracking even on a 10-digit number.
        var pattern = @"^\+(((\d+)*)*)*x";
        var rules = Blocking(PatternKind.Regex, pattern, "runaway");

        var first = Examples.Check(Mobile, rules);
        var again = Examples.Check(Mobile, rules);

        Assert.Equal(("number-not-allowed", "blocked-pattern", pattern), (first.Verdict.Code, first.Verdict.Rule, first.Verdict.Value));
        Assert.Equal($"Refused by blocked pattern '{pattern}' (runaway): the pattern timed out after 100 ms on +44•••••3456, so the number is refused to be safe.", first.Verdict.Explanation);
        Assert.Equal(first.Verdict.Explanation, again.Verdict.Explanation);
    }

    [Fact]
    public void ARegexThatDoesNotCompileRefusesEveryNumberUntilFixed()
    {
        var check = Examples.Check(Mobile, Blocking(PatternKind.Regex, "(+44"));

        Assert.Equal("blocked-pattern", check.Verdict.Rule);
        Assert.Equal("Refused by blocked pattern '(+44': the regular expression does not compile, so every number is refused until it is fixed.", check.Verdict.Explanation);
    }

    [Fact]
    public void ManyThreadsCheckingAtOnceGetTheSameVerdicts()
    {
        var rules = new ServiceRules
        {
            BlockedPatterns = [.. Enumerable.Range(50, 50).Select(i => new BlockedPattern { Kind = PatternKind.Regex, Pattern = $"^\\+44{i:00}" })],
        };
        var numbers = new[] { Mobile, Examples.Number("GB", PhoneNumberType.FIXED_LINE)! }; // +4474… matches, +4412… does not

        var verdicts = new RuleVerdict[2_000];
        Parallel.For(0, verdicts.Length, i => verdicts[i] = Examples.Check(numbers[i % 2], rules).Verdict);

        Assert.All(verdicts.Where((_, i) => i % 2 == 0), v => Assert.Equal("^\\+4474", v.Value));
        Assert.All(verdicts.Where((_, i) => i % 2 == 1), v => Assert.True(v.Allowed));
    }

    private static ServiceRules Blocking(PatternKind kind, string pattern, string? note = null) =>
        new() { BlockedPatterns = [new BlockedPattern { Kind = kind, Pattern = pattern, Note = note }] };
}
