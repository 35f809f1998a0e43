using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallbackPortal.Lifecycle;

/// <summary>The metadata kept of one event (compact JSON) and the facts the funnel aggregates.</summary>
public sealed record WidgetMetadataFacts(string Json, bool CaptchaShown, bool Proactive, int? SubmitAttempts, int? ValidationErrors);

/// <summary>
/// Keeps only what DOMAIN.md §6 names of an event's metadata: <c>flags</c> (true/false), <c>counters</c> and <c>elapsedMs</c>
/// (non-negative integers), <c>timestamps</c> (ISO 8601) and <c>errors</c> (codes and messages). Anything else is dropped, so a
/// page cannot park a phone number or form values here; digit runs in error texts are masked for the same reason.
/// </summary>
public static partial class WidgetMetadata
{
    public const int MaxBytes = 4 * 1024;
    public const int MaxKeysPerSection = 32;
    public const int MaxErrors = 20;
    public const int MaxErrorText = 200;
    // Real counters and spans stay far below these; the caps keep a number such as a phone number from passing as one.
    public const long MaxCounter = 10_000;
    public const long MaxElapsedMs = 7L * 24 * 3600 * 1000;

    /// <summary>The kept metadata, or null after adding what is wrong to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public static WidgetMetadataFacts? Read(JsonElement? metadata, string field, Dictionary<string, string[]> errors)
    {
        if (metadata is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } element)
        {
            return new WidgetMetadataFacts("{}", false, false, null, null);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors[field] = ["The metadata must be an object."];
            return null;
        }
        if (Encoding.UTF8.GetByteCount(element.GetRawText()) > MaxBytes)
        {
            errors[field] = [$"The metadata may be at most {MaxBytes / 1024} KB."];
            return null;
        }
        var kept = new JsonObject();
        var before = errors.Count;
        foreach (var section in element.EnumerateObject())
        {
            var path = $"{field}.{section.Name}";
            JsonNode? value = section.Name switch
            {
                "flags" => Section(section.Value, path, errors, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(v.GetBoolean()) : null,
                    "true or false"),
                "counters" or "elapsedMs" => Section(section.Value, path, errors, v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0
                    ? JsonValue.Create(Math.Min(n, section.Name == "counters" ? MaxCounter : MaxElapsedMs)) : null, "a non-negative integer"),
                "timestamps" => Section(section.Value, path, errors, Timestamp, "an ISO 8601 time such as 2026-11-24T10:00:00Z"),
                "errors" => Errors(section.Value, path, errors),
                _ => null,
            };
            if (value is not null)
            {
                kept[section.Name] = value;
            }
        }
        if (errors.Count > before)
        {
            return null;
        }
        var flags = kept["flags"] as JsonObject;
        var counters = kept["counters"] as JsonObject;
        return new WidgetMetadataFacts(kept.ToJsonString(), Flag(flags, "captchaShown"), Flag(flags, "proactive"),
            Counter(counters, "submitAttempts"), Counter(counters, "validationErrors"));
    }

    private static JsonObject? Section(JsonElement section, string path, Dictionary<string, string[]> errors, Func<JsonElement, JsonNode?> read, string expected)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            errors[path] = ["Must be an object."];
            return null;
        }
        var result = new JsonObject();
        foreach (var entry in section.EnumerateObject())
        {
            if (result.Count >= MaxKeysPerSection || !KeyName().IsMatch(entry.Name))
            {
                continue;
            }
            if (read(entry.Value) is { } value)
            {
                result[entry.Name] = value;
            }
            else
            {
                errors[$"{path}.{entry.Name}"] = [$"Must be {expected}."];
            }
        }
        return result;
    }

    private static JsonNode? Timestamp(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= 40 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? JsonValue.Create(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            : null;

    /// <summary>Error codes and messages: strings, or objects of <c>code</c>, <c>field</c> and <c>message</c>; the first 20, each cut to 200 characters.</summary>
    private static JsonArray? Errors(JsonElement section, string path, Dictionary<string, string[]> errors)
    {
        if (section.ValueKind != JsonValueKind.Array)
        {
            errors[path] = ["Must be an array."];
            return null;
        }
        var result = new JsonArray();
        foreach (var item in section.EnumerateArray().Take(MaxErrors))
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(Text(item.GetString()));
            }
            else if (item.ValueKind == JsonValueKind.Object)
            {
                var kept = new JsonObject();
                foreach (var name in (string[])["code", "field", "message"])
                {
                    if (item.TryGetProperty(name, out var part) && part.ValueKind == JsonValueKind.String)
                    {
                        kept[name] = Text(part.GetString());
                    }
                }
                result.Add(kept);
            }
        }
        return result;
    }

    /// <summary>An error text without control characters, digit runs (a number a consumer typed) masked, at most 200 characters.</summary>
    private static string Text(string? value)
    {
        var clean = new string([.. (value ?? "").Where(c => !char.IsControl(c))]);
        clean = DigitRun().Replace(clean, "•••");
        return clean.Length <= MaxErrorText ? clean : clean[..MaxErrorText];
    }

    private static bool Flag(JsonObject? flags, string name) => flags?[name] is JsonValue value && value.TryGetValue<bool>(out var set) && set;

    private static int? Counter(JsonObject? counters, string name) =>
        counters?[name] is JsonValue value && value.TryGetValue<long>(out var n) ? (int)Math.Min(n, int.MaxValue) : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyName();

    // Six or more digits, possibly spaced or dashed like a phone number.
    [GeneratedRegex(@"\+?(?:\d[\s().-]{0,2}){5,}\d", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();
}
