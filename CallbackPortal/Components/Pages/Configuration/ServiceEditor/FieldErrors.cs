namespace CallbackPortal.Components.Pages.Configuration.ServiceEditor;

/// <summary>A save's refusals by field, as the editor's tabs show them: at the field, and counted per tab.</summary>
public sealed class FieldErrors(IReadOnlyDictionary<string, string[]> errors)
{
    public static readonly FieldErrors None = new(new Dictionary<string, string[]>());

    public bool Any => errors.Count > 0;

    public bool Has(string field) => errors.ContainsKey(field);

    /// <summary>The field's messages as one text (for a field's error line), or null.</summary>
    public string? Text(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public IReadOnlyList<string> Messages(string field) => errors.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>How many messages belong to these fields or lie under them (<c>Schedule</c> counts <c>Schedule.Weekly.Monday</c>); null when none, for a tab's badge.</summary>
    public int? CountUnder(params string[] fields)
    {
        var count = errors.Where(e => fields.Any(f => e.Key == f || e.Key.StartsWith(f + ".", StringComparison.Ordinal))).Sum(e => e.Value.Length);
        return count == 0 ? null : count;
    }
}
