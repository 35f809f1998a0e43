using CallbackPortal.Rules;
using PhoneNumbers;

namespace CallbackPortal.Tests.Rules;

public sealed class PermittedCountryTests
{
    private static readonly string German = Examples.Number("DE", PhoneNumberType.MOBILE)!;
    private static readonly string French = Examples.Number("FR", PhoneNumberType.MOBILE)!;

    [Fact]
    public void AnEmptyListPermitsOnlyTheDefaultCountry()
    {
        var home = Examples.Check(Examples.GbMobile);
        var abroad = Examples.Check(German);

        Assert.True(home.Allowed);
        Assert.Equal(("number-not-allowed", "permitted-countries", "DE"), (abroad.Verdict.Code, abroad.Verdict.Rule, abroad.Verdict.Value));
        Assert.Equal("Refused by permitted countries: +49•••••6789 is a number of DE, and this service calls only GB (its default country).", abroad.Verdict.Explanation);
    }

    [Fact]
    public void ListedCountriesPassAndOthersIncludingTheDefaultAreRefused()
    {
        var rules = new ServiceRules { PermittedCountries = ["DE", "fr"] };

        Assert.True(Examples.Check(German, rules).Allowed);
        Assert.True(Examples.Check(French, rules).Allowed);
        var home = Examples.Check(Examples.GbMobile, rules);
        Assert.Equal(("permitted-countries", "GB"), (home.Verdict.Rule, home.Verdict.Value));
        Assert.EndsWith("is a number of GB, and this service calls only DE, FR.", home.Verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void NonGeographicNumbersNeedTheirOwnPermission()
    {
        var freephone = Examples.Check("+800 1234 5678");

        Assert.Equal(NumberKind.TollFree, freephone.Kind);
        Assert.Equal(("permitted-countries", "001"), (freephone.Verdict.Rule, freephone.Verdict.Value));
        Assert.Contains("a non-geographic range (001)", freephone.Verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTypeIsJudgedBeforeTheCountry()
    {
        var check = Examples.Check(Examples.Number("DE", PhoneNumberType.PREMIUM_RATE)!);

        Assert.Equal("number-type", check.Verdict.Rule);
    }
}
