using System.Globalization;
using System.Text.Json;

namespace CallbackPortal.Lifecycle;

/// <summary>How a lifecycle event reads on a callback's timeline: "Widget submitted" with its flags, counters, elapsed times and errors.</summary>
public static class WidgetEventSummary
{
    public static string Title(string eventName) => $"Widget {eventName}";

    /// <summary>"flags proactive, captchaShown · submitAttempts 2, validationErrors 1 · openToSubmit 12.5 s · errors invalid-phone-number".</summary>
    public static string? Detail(string metadataJson)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var parts = new List<string>();
        if (Section(root, "flags") is { } flags && flags.Where(f => f.Value.ValueKind == JsonValueKind.True).Select(f => f.Name).ToList() is { Count: > 0 } set)
        {
            parts.Add("flags " + string.Join(", ", set));
        }
        if (Section(root, "counters") is { } counters && counters.Where(c => c.Value.TryGetInt64(out var n) && n > 0).ToList() is { Count: > 0 } counted)
        {
            parts.Add(string.Join(", ", counted.Select(c => $"{c.Name} {c.Value.GetInt64().ToString(CultureInfo.InvariantCulture)}")));
        }
        if (Section(root, "elapsedMs") is { } elapsed && elapsed.ToList() is { Count: > 0 } spans)
        {
            parts.Add("elapsed " + string.Join(", ", spans.Select(e => $"{e.Name} {Seconds(e.Value)}")));
        }
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            parts.Add("errors " + string.Join(", ", errors.EnumerateArray().Select(Error)));
        }
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    private static IEnumerable<JsonProperty>? Section(JsonElement root, string name) =>
        root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object ? section.EnumerateObject() : null;

    private static string Seconds(JsonElement ms) =>
        ms.TryGetInt64(out var value) ? (value / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + " s" : "?";

    private static string Error(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "",
        JsonValueKind.Object => string.Join(" ", new[] { Text(error, "field") is { } field ? field + ":" : null, Text(error, "code"), Text(error, "message") }
            .Where(part => !string.IsNullOrEmpty(part))),
        _ => "",
    };

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
