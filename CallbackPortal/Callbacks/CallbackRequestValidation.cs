using System.Net.Mail;

namespace CallbackPortal.Callbacks;

/// <summary>Field checks for a callback request; all failures are reported together under <c>validation-failed</c>.</summary>
public static class CallbackRequestValidation
{
    public const int MaxUserDataEntries = 50;
    public const int MaxUserDataKey = 64;
    public const int MaxUserDataValue = 1000;

    public static void Validate(CallbackRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        Length(errors, "firstName", request.FirstName, 100);
        Length(errors, "lastName", request.LastName, 100);
        Length(errors, "notes", request.Notes, 1000);
        Length(errors, "language", request.Language, 35);
        if (!string.IsNullOrWhiteSpace(request.Email) && (request.Email.Length > 256 || !MailAddress.TryCreate(request.Email.Trim(), out _)))
        {
            errors["email"] = ["This is not an e-mail address."];
        }
        if (request.UserData is { } data)
        {
            if (data.Count > MaxUserDataEntries)
            {
                errors["userData"] = [$"At most {MaxUserDataEntries} entries."];
            }
            else if (data.Any(kv => string.IsNullOrWhiteSpace(kv.Key) || kv.Key.Length > MaxUserDataKey || (kv.Value?.Length ?? 0) > MaxUserDataValue))
            {
                errors["userData"] = [$"Keys of 1-{MaxUserDataKey} characters, values of at most {MaxUserDataValue}."];
            }
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "Some fields are not valid.", errors);
        }
    }

    private static void Length(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }
}
