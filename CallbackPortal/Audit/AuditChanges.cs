using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CallbackPortal.Audit;

/// <summary>One field that a change touched.</summary>
public sealed record AuditChange(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("before")] string? Before,
    [property: JsonPropertyName("after")] string? After);

/// <summary>
/// Compares two snapshots of a thing (any object, serialized to JSON) field by field. Nested objects become dotted
/// paths; lists are one field each (shown as text). Fields whose name says they hold a secret are masked so the
/// log shows that a secret changed, never the secret.
/// </summary>
public static class AuditChanges
{
    public const string Masked = "••••••";
    private const int MaxValueLength = 2000;

    private static readonly string[] SecretWords = ["secret", "password", "privatekey", "protected", "hash", "token"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<AuditChange> Between(object? before, object? after)
    {
        var left = Flatten(before);
        var right = Flatten(after);
        var fields = left.Keys.Union(right.Keys).Order(StringComparer.Ordinal);
        var changes = new List<AuditChange>();
        foreach (var field in fields)
        {
            left.TryGetValue(field, out var was);
            right.TryGetValue(field, out var now);
            if (string.Equals(was, now, StringComparison.Ordinal))
            {
                continue;
            }
            changes.Add(IsSecret(field)
                ? new AuditChange(field, was is null ? null : Masked, now is null ? null : Masked)
                : new AuditChange(field, Clip(was), Clip(now)));
        }
        return changes;
    }

    public static string ToJson(IReadOnlyList<AuditChange> changes) => JsonSerializer.Serialize(changes, Json);

    public static IReadOnlyList<AuditChange> FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<AuditChange>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static bool IsSecret(string field)
    {
        var last = field[(field.LastIndexOf('.') + 1)..].ToLowerInvariant();
        return SecretWords.Any(last.Contains);
    }

    private static Dictionary<string, string?> Flatten(object? value)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (value is null)
        {
            return result;
        }
        var node = value as JsonNode ?? JsonSerializer.SerializeToNode(value, value.GetType(), Json);
        Walk(node, "", result);
        return result;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string?> into)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0 || path.Length == 0:
                foreach (var (name, child) in obj)
                {
                    Walk(child, path.Length == 0 ? name : $"{path}.{name}", into);
                }
                break;
            case JsonArray array:
                into[path] = array.All(i => i is JsonValue)
                    ? string.Join(", ", array.Select(Text))
                    : array.ToJsonString(Json);
                break;
            default:
                into[path] = Text(node);
                break;
        }
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(Json),
    };

    private static string? Clip(string? value) => value is { Length: > MaxValueLength } ? value[..MaxValueLength] + "…" : value;
}
