using CallbackPortal.Rules;
using PhoneNumbers;

namespace CallbackPortal.Tests.Rules;

public sealed class NumberTypeTests
{
    private static readonly string[] Regions = ["US", "GB", "DE", "FR", "AU", "IN", "JP"];

    public static TheoryData<string, PhoneNumberType, NumberKind> CostlyExamples() =>
        Table([PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.UAN, PhoneNumberType.PAGER, PhoneNumberType.VOICEMAIL]);

    public static TheoryData<string, PhoneNumberType, NumberKind> EverydayExamples() =>
        Table([PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.TOLL_FREE, PhoneNumberType.VOIP]);

    [Theory]
    [MemberData(nameof(CostlyExamples))]
    public void CostlyAndAbusableTypesAreRefusedByDefault(string region, PhoneNumberType type, NumberKind kind)
    {
        var check = RuleEvaluator.CheckNumber(Examples.Number(region, type), region, new ServiceRules());

        Assert.Equal(kind, check.Kind);
        Assert.False(check.Allowed);
        Assert.Equal("number-not-allowed", check.Verdict.Code);
        Assert.Equal("number-type", check.Verdict.Rule);
        Assert.Equal(kind.ToString(), check.Verdict.Value);
        Assert.StartsWith("Refused by number type: ", check.Verdict.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("number, a type this service does not call.", check.Verdict.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EverydayExamples))]
    public void MobileFixedLineTollFreeAndVoipNumbersAreAllowedByDefault(string region, PhoneNumberType type, NumberKind kind)
    {
        var check = RuleEvaluator.CheckNumber(Examples.Number(region, type), region, new ServiceRules());

        Assert.Equal(kind, check.Kind);
        Assert.True(check.Allowed, check.Verdict.Explanation);
        Assert.Equal(region, check.Region);
        Assert.Null(check.Verdict.Code);
    }

    [Fact]
    public void NanpNumbersAreFixedLineOrMobileAndAllowed()
    {
        var check = RuleEvaluator.CheckNumber(Examples.Number("US", PhoneNumberType.MOBILE), "US", new ServiceRules());

        Assert.Equal(NumberKind.FixedLineOrMobile, check.Kind);
        Assert.True(check.Allowed);
    }

    [Fact]
    public void TheExplanationNamesTheTypeInPlainWords()
    {
        var check = Examples.Check(Examples.Number("GB", PhoneNumberType.PREMIUM_RATE)!);

        Assert.Equal("Refused by number type: +44•••••5678 is a premium-rate number, a type this service does not call.", check.Verdict.Explanation);
    }

    [Fact]
    public void AllowingPremiumRateLetsSuchNumbersThrough()
    {
        var premium = Examples.Number("GB", PhoneNumberType.PREMIUM_RATE)!;
        var rules = new ServiceRules();
        rules.AllowedNumberTypes.Add(NumberKind.PremiumRate);

        Assert.False(Examples.Check(premium).Allowed);
        Assert.True(Examples.Check(premium, rules).Allowed);
    }

    [Fact]
    public void RemovingMobileRefusesMobilesButNotLandlines()
    {
        var rules = new ServiceRules { AllowedNumberTypes = [NumberKind.FixedLine] };

        var mobile = Examples.Check(Examples.GbMobile, rules);
        var landline = Examples.Check(Examples.Number("GB", PhoneNumberType.FIXED_LINE)!, rules);

        Assert.Equal(("number-not-allowed", "number-type", "Mobile"), (mobile.Verdict.Code, mobile.Verdict.Rule, mobile.Verdict.Value));
        Assert.True(landline.Allowed);
    }

    [Fact]
    public void AnEmptyListOfTypesRefusesEveryNumber()
    {
        var check = Examples.Check(Examples.GbMobile, new ServiceRules { AllowedNumberTypes = [] });

        Assert.Equal("number-type", check.Verdict.Rule);
    }

    // Regions without an example of a type are left out: there is no real number to test with.
    private static TheoryData<string, PhoneNumberType, NumberKind> Table(PhoneNumberType[] types)
    {
        var util = PhoneNumberUtil.GetInstance();
        var data = new TheoryData<string, PhoneNumberType, NumberKind>();
        foreach (var region in Regions)
        {
            foreach (var type in types)
            {
                if (util.GetExampleNumberForType(region, type) is { } example)
                {
                    data.Add(region, type, NumberKindOf(util.GetNumberType(example)));
                }
            }
        }
        return data;
    }

    private static NumberKind NumberKindOf(PhoneNumberType type) => Enum.Parse<NumberKind>(type.ToString().Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
}
