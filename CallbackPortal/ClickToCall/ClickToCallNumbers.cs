using PhoneNumbers;

namespace CallbackPortal.ClickToCall;

/// <summary>Reads access numbers, callers' numbers and IVR-reported DNIS/ANI as E.164, the form reservations are stored and matched in.</summary>
public static class ClickToCallNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The number in E.164 when libphonenumber calls it valid, else null. Numbers are international: a leading '+' is
    /// assumed when only digits are given (IVRs often report DNIS and ANI without it); there is no default country.
    /// </summary>
    public static string? ToE164(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 32)
        {
            return null;
        }
        if (char.IsAsciiDigit(text[0]))
        {
            text = "+" + text;
        }
        try
        {
            var number = Util.Parse(text, "ZZ");
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
