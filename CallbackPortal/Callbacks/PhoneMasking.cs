namespace CallbackPortal.Callbacks;

/// <summary>
/// Phone numbers are personal data: users without <c>callbacks.manage</c> see them masked, keeping the country code
/// and the last two digits so a supervisor can still tell callbacks apart ("+49 •••••••• 78").
/// </summary>
public static class PhoneMasking
{
    public static string Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "";
        }
        if (number == Callback.ErasedMarker)
        {
            return number;
        }
        if (number.Length <= 4)
        {
            return new string('•', number.Length);
        }
        var country = CountryPrefix(number);
        var hidden = number.Length - country.Length - 2;
        return $"{country} {new string('•', Math.Max(hidden, 1))} {number[^2..]}".TrimStart();
    }

    public static string Show(string? number, bool mayManage) => mayManage ? number ?? "" : Mask(number);

    private static string CountryPrefix(string number)
    {
        if (!number.StartsWith('+'))
        {
            return "";
        }
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        for (var length = 1; length <= 3 && length < number.Length; length++)
        {
            if (int.TryParse(number.AsSpan(1, length), out var code) && util.GetRegionCodeForCountryCode(code) != "ZZ")
            {
                return number[..(length + 1)];
            }
        }
        return "+";
    }
}
