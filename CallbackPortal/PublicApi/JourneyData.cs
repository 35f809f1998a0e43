using System.Text.Json;
using CallbackPortal.Callbacks;

namespace CallbackPortal.PublicApi;

/// <summary>Journey context from the consumer's page or app: flat key → text; numbers and true/false are kept as their text.</summary>
public static class JourneyData
{
    public static IReadOnlyDictionary<string, string>? From(Dictionary<string, JsonElement>? userData)
    {
        if (userData is null)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in userData)
        {
            result[key] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => "",
                _ => throw new DomainException("validation-failed", "Journey data values must be text, numbers or true/false.",
                    new Dictionary<string, string[]> { [$"userData.{key}"] = ["Nested objects and lists are not accepted."] }),
            };
        }
        return result;
    }
}
