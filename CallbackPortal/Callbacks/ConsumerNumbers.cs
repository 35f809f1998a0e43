using PhoneNumbers;

namespace CallbackPortal.Callbacks;

/// <summary>Real numbers for demo traffic and tests, from libphonenumber's own numbering plans (validation is RuleEvaluator.CheckNumber).</summary>
public static class ConsumerNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// A valid number of a region near its example number, differing in the last three digits by <paramref name="seed"/>,
    /// so demo traffic looks like many consumers (and does not trip the per-number throttle); the example itself when the variant is not valid.
    /// </summary>
    public static string Varied(string region, PhoneNumberType type, int seed)
    {
        var example = Util.GetExampleNumberForType(region, type);
        var national = example.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var digits = national[..^3] + (Math.Abs(seed) % 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var variant = Util.Parse($"+{example.CountryCode}{digits}", region);
        return Util.Format(Util.IsValidNumber(variant) && Util.GetNumberType(variant) == Util.GetNumberType(example) ? variant : example, PhoneNumberFormat.E164);
    }

    /// <summary>A valid example number of a region, for demo traffic and tests (real numbering plans, no made-up ranges).</summary>
    public static string Example(string region, PhoneNumberType type = PhoneNumberType.MOBILE) =>
        Util.Format(Util.GetExampleNumberForType(region, type), PhoneNumberFormat.E164);
}
