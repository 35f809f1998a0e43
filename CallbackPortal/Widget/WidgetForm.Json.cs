using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CallbackPortal.Widget;

public sealed partial class WidgetForm
{
    /// <summary>The longest form definition accepted as text.</summary>
    public const int MaxJsonLength = 64 * 1024;

    private static readonly JsonSerializerOptions EditorJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
        // Leave out what says nothing (no options, not required), so the text an administrator reads stays short.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEmpty } },
    };

    /// <summary>The form as an administrator edits it: indented JSON with camel-case names, empty fields left out.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EditorJson);

    /// <summary>
    /// Reads a form from the text of the JSON editor; on failure returns null and why, with the line and position
    /// of a syntax error or the name of a field that does not exist (a typo would otherwise be silently dropped).
    /// Only reads: <see cref="Validate"/> says whether the form makes sense.
    /// </summary>
    public static WidgetForm? FromJson(string? json, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = "The form definition is empty: write one, or reset to the stock form.";
            return null;
        }
        if (json.Length > MaxJsonLength)
        {
            problem = $"The form definition is longer than {MaxJsonLength / 1024} KB.";
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "The form definition must be a JSON object with a title and inputs.";
                return null;
            }
        }
        catch (JsonException e)
        {
            problem = $"The form definition is not valid JSON{Where(e)}: {FirstSentence(e.Message)}";
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<WidgetForm>(json, EditorJson);
        }
        catch (JsonException e) when (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            problem = $"Unknown field at {e.Path}{Where(e)}: check its spelling. A form has title and inputs; an input has id, name, type, label, "
                + "placeholder, required, maxLength, options, pattern, defaultValue and group.";
            return null;
        }
        catch (JsonException e)
        {
            problem = $"The value at {e.Path}{Where(e)} does not fit there: types are {string.Join(", ", Enum.GetNames<FormInputType>())}; "
                + "numbers and true/false are written without quotes, options as [{ \"value\": …, \"label\": … }].";
            return null;
        }
    }

    private static string Where(JsonException e) => e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";

    private static void LeaveOutEmpty(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(List<FormOption>))
            {
                property.ShouldSerialize = (_, value) => value is List<FormOption> { Count: > 0 };
            }
            else if (property.PropertyType == typeof(bool))
            {
                property.ShouldSerialize = (_, value) => value is true;
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
