using CallbackPortal.Rules;

namespace CallbackPortal.Tests.Rules;

public sealed class MaskTests
{
    [Theory]
    [InlineData("+447012345678", "+44•••••5678")]
    [InlineData("+12025550143", "+1•••••0143")]
    [InlineData("+4930123456", "+49•••••3456")]
    [InlineData("+498001234567890", "+49•••••7890")]
    [InlineData("+80012345678", "+800•••••5678")]
    [InlineData("+35220123", "+352•••••")] // six national digits or fewer: no digit is shown
    [InlineData("+112", "+1•••••")]
    [InlineData("2025550143", "•••••0143")] // not E.164: no country code to show
    [InlineData("", "•••••")]
    public void AMaskKeepsTheCountryCodeAndTheLastFourDigits(string e164, string masked)
    {
        Assert.Equal(masked, RuleEvaluator.Mask(e164));
    }

    [Fact]
    public void ANumberCheckCarriesItsMaskedNumber()
    {
        Assert.Equal("+44•••••3456", Examples.Check(Examples.GbMobile).Masked);
        Assert.Equal("(no number)", Examples.Check("abc").Masked);
    }
}
