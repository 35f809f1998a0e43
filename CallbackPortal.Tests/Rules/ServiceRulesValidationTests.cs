using CallbackPortal.Rules;

namespace CallbackPortal.Tests.Rules;

public sealed class ServiceRulesValidationTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.Empty(new ServiceRules().Validate());
    }

    [Fact]
    public void UnknownAndBlankCountriesAreNamed()
    {
        var errors = new ServiceRules { PermittedCountries = ["US", "gb", "XX", " "] }.Validate();

        Assert.Equal(
            ["Unknown country code 'XX': use ISO 3166 codes such as 'US' or 'GB'.", "A country code is blank: remove the row or enter a code such as 'US'."],
            errors["permittedCountries"]);
        Assert.Single(errors);
    }

    [Fact]
    public void AtLeastOneNumberTypeMustBeAllowed()
    {
        Assert.Contains("allowedNumberTypes", new ServiceRules { AllowedNumberTypes = [] }.Validate().Keys);
    }

    [Theory]
    [InlineData(PatternKind.Prefix, "+4470")]
    [InlineData(PatternKind.Prefix, "+44 70-12")]
    [InlineData(PatternKind.Prefix, "+44?0")]
    [InlineData(PatternKind.Wildcard, "+1900*")]
    [InlineData(PatternKind.Wildcard, "*0000")]
    [InlineData(PatternKind.Wildcard, "?44*")]
    [InlineData(PatternKind.Regex, @"^\+1(900|976)\d{7}$")]
    public void WellFormedPatternsAreValid(PatternKind kind, string pattern)
    {
        Assert.Empty(Rules(kind, pattern).Validate());
    }

    [Theory]
    [InlineData(PatternKind.Prefix, "", "Enter a pattern such as '+1900' or '+44 70*'.")]
    [InlineData(PatternKind.Wildcard, " - ", "Enter a pattern such as '+1900' or '+44 70*'.")]
    [InlineData(PatternKind.Prefix, "+44a", "Use only digits, '+', '*' and '?' (spaces and dashes are ignored).")]
    [InlineData(PatternKind.Wildcard, "+44[0-9]*", "Use only digits, '+', '*' and '?' (spaces and dashes are ignored).")]
    [InlineData(PatternKind.Wildcard, "*+44", "'+' can only come first: numbers are matched in E.164 form, such as +447012345678.")]
    [InlineData(PatternKind.Prefix, "4470", "Start a prefix with '+' and the country code, such as '+4470': numbers are matched in E.164 form.")]
    [InlineData(PatternKind.Wildcard, "4470*", "Start the pattern with '+', '*' or '?': numbers are matched in E.164 form, such as +447012345678.")]
    [InlineData(PatternKind.Regex, "", "Enter a regular expression.")]
    public void MalformedPatternsAreExplainedOnTheirRow(PatternKind kind, string pattern, string message)
    {
        var errors = Rules(kind, pattern).Validate();

        Assert.Equal([message], errors["blockedPatterns[0].pattern"]);
    }

    [Fact]
    public void ARegexThatDoesNotCompileIsReported()
    {
        var errors = Rules(PatternKind.Regex, "(+44").Validate();

        Assert.StartsWith("This is not a valid regular expression: ", Assert.Single(errors["blockedPatterns[0].pattern"]), StringComparison.Ordinal);
    }

    [Fact]
    public void PatternsAreAtMostTwoHundredCharactersAndTwoHundredInNumber()
    {
        var tooLong = Rules(PatternKind.Regex, new string('1', 201)).Validate();
        var longest = Rules(PatternKind.Regex, new string('1', 200)).Validate();
        var tooMany = new ServiceRules { BlockedPatterns = [.. Enumerable.Range(0, 201).Select(_ => new BlockedPattern { Kind = PatternKind.Prefix, Pattern = "+1900" })] };

        Assert.Equal(["The pattern is 201 characters long: at most 200."], tooLong["blockedPatterns[0].pattern"]);
        Assert.Empty(longest);
        Assert.Equal(["201 patterns are too many: at most 200."], tooMany.Validate()["blockedPatterns"]);
        tooMany.BlockedPatterns.RemoveAt(0);
        Assert.Empty(tooMany.Validate());
    }

    [Fact]
    public void LimitsCannotBeNegativeAndWindowsLastOneSecondToThirtyDays()
    {
        var rules = new ServiceRules
        {
            NumberThrottle = new ThrottleLimit(-1, 86_400),
            ServiceThrottles = [new ThrottleLimit(0, 2_592_000), new ThrottleLimit(10, 2_592_001), new ThrottleLimit(10, 0)],
            KeyedThrottle = new KeyedThrottle { Source = ThrottleKeySource.Field, Name = " ", Limit = 5, WindowSeconds = 1 },
        };

        var errors = rules.Validate();

        Assert.Equal(
            ["numberThrottle.limit", "serviceThrottles[1].windowSeconds", "serviceThrottles[2].windowSeconds", "keyedThrottle.name"],
            errors.Keys);
        Assert.Equal(["The window must be between 1 second and 30 days (2,592,000 seconds)."], errors["serviceThrottles[1].windowSeconds"]);
    }

    private static ServiceRules Rules(PatternKind kind, string pattern) =>
        new() { BlockedPatterns = [new BlockedPattern { Kind = kind, Pattern = pattern }] };
}
