namespace CallbackPortal.Agents;

/// <summary>The agent's wrap-up of a conversation: how it ended (one of <see cref="Dispositions"/>) and optional notes.</summary>
public sealed class WrapUpForm
{
    public const int NotesMaxLength = 2000;

    /// <summary>The dispositions an agent chooses from (the same for every service).</summary>
    public static readonly IReadOnlyList<string> Dispositions = ["Resolved", "Follow-up needed", "Wrong number", "No longer needed", "Other"];

    public string? Disposition { get; set; }
    public string? Notes { get; set; }

    /// <summary>Field → messages; empty when the form can be saved.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Disposition))
        {
            errors[nameof(Disposition)] = ["Choose how the call ended."];
        }
        else if (!Dispositions.Contains(Disposition.Trim()))
        {
            errors[nameof(Disposition)] = [$"Choose one of: {string.Join(", ", Dispositions)}."];
        }
        else if (Disposition.Trim() == "Other" && string.IsNullOrWhiteSpace(Notes))
        {
            errors[nameof(Notes)] = ["Say in a few words what happened (required with Other)."];
        }
        if (Notes?.Length > NotesMaxLength)
        {
            errors[nameof(Notes)] = [$"Keep the notes under {NotesMaxLength} characters (now {Notes.Length})."];
        }
        return errors;
    }
}
