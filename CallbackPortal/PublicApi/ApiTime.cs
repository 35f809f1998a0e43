using System.Globalization;
using CallbackPortal.Callbacks;

namespace CallbackPortal.PublicApi;

/// <summary>Times in the API: ISO 8601 with <c>Z</c> or an explicit offset; a time without one is refused rather than guessed.</summary>
public static class ApiTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    /// <summary>Null for null (as soon as possible); else the instant, or <c>validation-failed</c> naming <paramref name="field"/>.</summary>
    public static DateTimeOffset? Parse(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }
        var text = value.Trim();
        if (text.Length is 0 or > 40)
        {
            throw Invalid(field, "Give an ISO 8601 time such as 2026-11-24T15:30:00Z.");
        }
        if (!HasOffset(text))
        {
            throw Invalid(field, "Add 'Z' or an offset such as +01:00: a time without one is ambiguous.");
        }
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw Invalid(field, "Give an ISO 8601 time such as 2026-11-24T15:30:00Z.");
        }
        return parsed.ToUniversalTime();
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static DomainException Invalid(string field, string message) =>
        new("validation-failed", $"The {field} is not a valid time.", new Dictionary<string, string[]> { [field] = [message] });
}
