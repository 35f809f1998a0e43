using System.Net.Mail;
using System.Text.RegularExpressions;

namespace CallbackPortal.Callbacks;

/// <summary>Field checks for a callback request; all failures are reported together under <c>validation-failed</c>.</summary>
public static partial class CallbackRequestValidation
{
    public const int MaxUserDataEntries = 50;
    public const int MaxUserDataKey = 64;
    public const int MaxUserDataValue = 1000;

    public static void Validate(CallbackRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        Text(errors, "firstName", request.FirstName, 100, multiline: false);
        Text(errors, "lastName", request.LastName, 100, multiline: false);
        Text(errors, "notes", request.Notes, 1000, multiline: true);
        Text(errors, "language", request.Language, 35, multiline: false);
        if (!errors.ContainsKey("language") && !string.IsNullOrWhiteSpace(request.Language) && !LanguageTag().IsMatch(request.Language))
        {
            errors["language"] = ["Use a language tag such as en-US."];
        }
        if (!string.IsNullOrWhiteSpace(request.Email) && (request.Email.Length > 256 || !MailAddress.TryCreate(request.Email.Trim(), out _)))
        {
            errors["email"] = ["This is not an e-mail address."];
        }
        if (request.PhoneCountry is { } country && !PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(country.Trim().ToUpperInvariant()))
        {
            errors["phoneCountry"] = ["Use a two-letter country code such as US or GB."];
        }
        if (request.UserData is { } data)
        {
            if (data.Count > MaxUserDataEntries)
            {
                errors["userData"] = [$"At most {MaxUserDataEntries} entries."];
            }
            else if (data.Any(kv => string.IsNullOrWhiteSpace(kv.Key) || kv.Key.Length > MaxUserDataKey || (kv.Value?.Length ?? 0) > MaxUserDataValue
                || !IsCleanText(kv.Key, multiline: false) || !IsCleanText(kv.Value ?? "", multiline: true)))
            {
                errors["userData"] = [$"Keys of 1-{MaxUserDataKey} characters, values of at most {MaxUserDataValue}, no control characters."];
            }
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "Some fields are not valid.", errors);
        }
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max, bool multiline)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
        else if (!IsCleanText(value, multiline))
        {
            errors[field] = ["Contains control characters or broken Unicode."];
        }
    }

    /// <summary>No control characters (line breaks and tabs allowed where text may span lines) and no lone surrogates.</summary>
    public static bool IsCleanText(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (char.IsHighSurrogate(ch))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(ch) || (char.IsControl(ch) && !(multiline && ch is '\n' or '\r' or '\t')))
            {
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
