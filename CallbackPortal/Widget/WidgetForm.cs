using System.Text.Json.Serialization;

namespace CallbackPortal.Widget;

/// <summary>The input types the widget can render.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FormInputType>))]
public enum FormInputType
{
    Text,
    Tel,
    Email,
    Select,
    Textarea,
    Checkbox,
    Hidden,
}

/// <summary>One choice of a select input.</summary>
public sealed class FormOption
{
    public string Value { get; set; } = "";
    public string Label { get; set; } = "";
}

/// <summary>
/// One input of the widget's form. Inputs whose <see cref="Name"/> is a field of the create request
/// (firstName, lastName, phoneNumber, email, notes) fill it; any other name travels as journey data (userData).
/// </summary>
public sealed class FormInput
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public FormInputType Type { get; set; } = FormInputType.Text;
    public string Label { get; set; } = "";
    public string? Placeholder { get; set; }
    public bool Required { get; set; }
    public int? MaxLength { get; set; }
    public List<FormOption> Options { get; set; } = [];
    public string? Pattern { get; set; }
    public string? DefaultValue { get; set; }
    /// <summary>Inputs with the same group are laid out together (for example first and last name on one row).</summary>
    public string? Group { get; set; }
}

/// <summary>The widget's form for a service ("Receive a Call"), served by <c>GET /api/v1/services/{service}/form</c>.</summary>
public sealed partial class WidgetForm
{
    public string Title { get; set; } = "Receive a Call";
    public List<FormInput> Inputs { get; set; } = [];

    /// <summary>The stock form: first and last name, phone with country code, notes.</summary>
    public static WidgetForm Default() => new()
    {
        Inputs =
        [
            new() { Id = "cb-first-name", Name = "firstName", Label = "First name", MaxLength = 100, Group = "name" },
            new() { Id = "cb-last-name", Name = "lastName", Label = "Last name", MaxLength = 100, Group = "name" },
            new() { Id = "cb-phone", Name = "phoneNumber", Type = FormInputType.Tel, Label = "Phone number", Placeholder = "+1 202 555 0143", Required = true, MaxLength = 40 },
            new() { Id = "cb-notes", Name = "notes", Type = FormInputType.Textarea, Label = "Notes", Placeholder = "What would you like to talk about?", MaxLength = 1000 },
        ],
    };
}
