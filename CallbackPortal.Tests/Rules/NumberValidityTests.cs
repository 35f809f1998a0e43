using CallbackPortal.Rules;

namespace CallbackPortal.Tests.Rules;

public sealed class NumberValidityTests
{
    [Theory]
    [InlineData("(202) 555-0143", "US", "+12025550143")]
    [InlineData("+1 202-555-0143", "US", "+12025550143")]
    [InlineData("202.555.0143", "US", "+12025550143")]
    [InlineData("00442079460958", "GB", "+442079460958")] // the UK's international prefix
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("+44 (0)20 7946 0958", "GB", "+442079460958")]
    [InlineData("  +49 30 123456  ", "DE", "+4930123456")]
    public void NationalAndInternationalFormatsParseToE164(string input, string defaultCountry, string e164)
    {
        var check = RuleEvaluator.CheckNumber(input, defaultCountry, new ServiceRules());

        Assert.True(check.Allowed, check.Verdict.Explanation);
        Assert.Equal(e164, check.E164);
        Assert.Equal(defaultCountry, check.Region);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("abc", "not a number")]
    [InlineData("phone me", "not a number")]
    [InlineData("+999 1234 5678", "unknown country code")]
    public void InputThatIsNotAPhoneNumberIsAnInvalidPhoneNumber(string? input, string value)
    {
        var check = RuleEvaluator.CheckNumber(input, "US", new ServiceRules());

        Assert.Equal(("invalid-phone-number", "number-validity", value), (check.Verdict.Code, check.Verdict.Rule, check.Verdict.Value));
        Assert.Null(check.E164);
        Assert.Equal(NumberKind.Unknown, check.Kind);
    }

    [Fact]
    public void InputLongerThanFortyCharactersIsRefusedAndFortyIsAccepted()
    {
        var check = RuleEvaluator.CheckNumber(new string('1', 41), "US", new ServiceRules());

        Assert.Equal(("invalid-phone-number", "too long"), (check.Verdict.Code, check.Verdict.Value));
        Assert.Equal("Refused by number validity: the input is 41 characters long, more than the 40 a phone number may have.", check.Verdict.Explanation);
        Assert.True(RuleEvaluator.CheckNumber("+1 202 555 0143".PadLeft(40), "US", new ServiceRules()).Allowed);
    }

    [Theory]
    [InlineData("12", "US", "too short")]
    [InlineData("+1 202 555 014", "US", "too short")]
    [InlineData("+1 202 555 01439", "US", "too long")]
    public void ANumberOfTheWrongLengthIsNotPossible(string input, string defaultCountry, string value)
    {
        var check = RuleEvaluator.CheckNumber(input, defaultCountry, new ServiceRules());

        Assert.Equal(("number-not-possible", "number-validity", value), (check.Verdict.Code, check.Verdict.Rule, check.Verdict.Value));
        Assert.NotNull(check.E164);
        Assert.Contains($"is {value} for a number of +1 (US).", check.Verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void APossibleNumberOutsideTheNumberingPlanIsAnInvalidPhoneNumber()
    {
        // Ofcom's drama range: the right length, but never assigned.
        var check = RuleEvaluator.CheckNumber("07700 900123", "GB", new ServiceRules());

        Assert.Equal(("invalid-phone-number", "number-validity"), (check.Verdict.Code, check.Verdict.Rule));
        Assert.Equal("+447700900123", check.E164);
        Assert.Equal("Refused by number validity: +44•••••0123 is not in the numbering plan of +44 (GB).", check.Verdict.Explanation);
    }

    [Fact]
    public void ANationalNumberIsReadInTheDefaultCountry()
    {
        var inGermany = RuleEvaluator.CheckNumber("030 123456", "de", new ServiceRules());

        Assert.Equal("+4930123456", inGermany.E164);
        Assert.True(inGermany.Allowed);
    }

    [Fact]
    public void AValidNumberReportsItsRegionTypeAndATraceOfFourPassedChecks()
    {
        var check = Examples.Check(Examples.GbMobile);

        Assert.Equal(("+447400123456", "GB", NumberKind.Mobile), (check.E164, check.Region, check.Kind));
        Assert.Equal(["number-validity", "number-type", "permitted-countries", "blocked-pattern"], check.Verdict.Checks.Select(c => c.Rule));
        Assert.All(check.Verdict.Checks, c => Assert.True(c.Passed));
    }
}
