using CallbackPortal.Callbacks;
using PhoneNumbers;

namespace CallbackPortal.Privacy;

/// <summary>
/// Reads the number an administrator typed the way the callback list finds a consumer's callbacks
/// (<see cref="CallbackList.CallbackSearch.Normalised"/>, with every service's default country), and insists on one reading:
/// erasing the wrong person's data cannot be undone.
/// </summary>
public static class ErasureNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <returns>The number in E.164.</returns>
    /// <remarks>The messages never repeat the input: refusals of the API end up in the error log, which must not hold the number.</remarks>
    public static string Resolve(string? input, IEnumerable<string> serviceCountries)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw Invalid("Enter the phone number whose personal data is to be erased.");
        }
        if (input.Length > Rules.RuleEvaluator.MaxInputLength)
        {
            throw Invalid($"That is longer than a phone number can be ({Rules.RuleEvaluator.MaxInputLength} characters at most).");
        }
        var readings = CallbackList.CallbackSearch.Normalised(input, serviceCountries);
        return readings.Count switch
        {
            0 => throw Invalid("That is not a phone number. Enter it with its country code, such as +44 20 7946 0018."),
            1 => readings[0],
            _ => throw Invalid($"That number reads as {readings.Count} different numbers in your services' countries; enter it with its country code (+…)."),
        };
    }

    /// <summary>The digits after the country code (what free texts are searched for).</summary>
    public static string National(string e164)
    {
        try
        {
            return Util.GetNationalSignificantNumber(Util.Parse(e164, "ZZ"));
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    private static DomainException Invalid(string message) =>
        new("invalid-phone-number", message, new Dictionary<string, string[]> { ["phoneNumber"] = [message] });
}
