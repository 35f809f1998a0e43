using System.Text.Json.Serialization;

namespace CallbackPortal.Rules;

/// <summary>How a <see cref="BlockedPattern"/> is matched against a number's E.164 form.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PatternKind>))]
public enum PatternKind
{
    /// <summary>The number starts with the pattern, e.g. <c>+4470</c>.</summary>
    Prefix,

    /// <summary>The whole number matches, <c>*</c> standing for any run of characters and <c>?</c> for one, e.g. <c>+1900*</c>.</summary>
    Wildcard,

    /// <summary>A .NET regular expression finds a match in the number (anchor it with <c>^…$</c> to match the whole number).</summary>
    Regex,
}

/// <summary>A number range a service never calls. Prefix and wildcard patterns ignore spaces and dashes.</summary>
public sealed class BlockedPattern
{
    /// <summary>How <see cref="Pattern"/> is matched.</summary>
    public PatternKind Kind { get; set; }

    /// <summary>The pattern, matched against the E.164 form (<c>+4470…</c>).</summary>
    public string Pattern { get; set; } = "";

    /// <summary>Why the range is blocked, shown in explanations (e.g. "UK personal numbers").</summary>
    public string? Note { get; set; }
}
