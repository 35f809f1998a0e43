using PhoneNumbers;

namespace CallbackPortal.Callbacks;

/// <summary>Normalises consumer numbers to E.164 with libphonenumber, using the service's default country for national formats.</summary>
public static class ConsumerNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 form, or a DomainException with <c>invalid-phone-number</c> or <c>number-not-possible</c>.</summary>
    public static string ToE164(string? input, string defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            throw new DomainException("invalid-phone-number", "A phone number with its country code is required.");
        }
        PhoneNumber number;
        try
        {
            number = Util.Parse(input, defaultCountry);
        }
        catch (NumberParseException)
        {
            throw new DomainException("invalid-phone-number", "This is not a phone number.");
        }
        if (!Util.IsPossibleNumber(number))
        {
            throw new DomainException("number-not-possible", "This number has the wrong length for its country.");
        }
        if (!Util.IsValidNumber(number))
        {
            throw new DomainException("invalid-phone-number", "This number does not exist in its country's numbering plan.");
        }
        return Util.Format(number, PhoneNumberFormat.E164);
    }

    /// <summary>A valid example number of a region, for demo traffic and tests (real numbering plans, no made-up ranges).</summary>
    public static string Example(string region, PhoneNumberType type = PhoneNumberType.MOBILE) =>
        Util.Format(Util.GetExampleNumberForType(region, type), PhoneNumberFormat.E164);
}
