using System.Text.RegularExpressions;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Widget;

public sealed partial class WidgetForm
{
    public const int MaxInputs = 30;
    public const int MaxTitle = 100;
    public const int MaxText = 200;
    public const int MaxPattern = 500;
    public const int MaxOptions = 100;

    /// <summary>The name whose input carries the number to call back.</summary>
    public const string PhoneNumberName = "phoneNumber";

    /// <summary>
    /// What is wrong with the form as a consumer would meet it, as sentences an administrator can act on; empty when
    /// it is fine. The widget needs exactly one required tel input named <c>phoneNumber</c>; ids and names are unique;
    /// a select has options and only a select has them; a pattern is a regular expression; a default value fits.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("The title is missing.");
        }
        else if (Title.Length > MaxTitle || !CallbackRequestValidation.IsCleanText(Title, multiline: false))
        {
            problems.Add($"The title must be at most {MaxTitle} characters of plain text.");
        }

        var inputs = Inputs ?? [];
        if (inputs.Count is 0 or > MaxInputs)
        {
            problems.Add($"A form has 1 to {MaxInputs} inputs.");
        }
        for (var i = 0; i < inputs.Count && i < MaxInputs; i++)
        {
            if (inputs[i] is { } input)
            {
                CheckInput(input, $"Input {i + 1}{(string.IsNullOrWhiteSpace(input.Id) ? "" : $" ({input.Id})")}", problems);
            }
            else
            {
                problems.Add($"Input {i + 1} is empty.");
            }
        }
        var present = inputs.OfType<FormInput>().ToList();
        foreach (var id in present.Where(x => !string.IsNullOrWhiteSpace(x.Id)).GroupBy(x => x.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"The id '{id.Key}' is used by {id.Count()} inputs: ids must be unique.");
        }
        foreach (var name in present.Where(x => !string.IsNullOrWhiteSpace(x.Name)).GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"The name '{name.Key}' is used by {name.Count()} inputs: names must be unique.");
        }
        var phone = present.Where(x => string.Equals(x.Name, PhoneNumberName, StringComparison.Ordinal)).ToList();
        if (phone.Count == 0 || phone.Any(x => x.Type != FormInputType.Tel || !x.Required))
        {
            problems.Add($"The form needs a required input of type \"tel\" named \"{PhoneNumberName}\": a callback needs a number to call.");
        }
        return problems;
    }

    private static void CheckInput(FormInput input, string label, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(input.Id) || !IdPattern().IsMatch(input.Id))
        {
            problems.Add($"{label}: the id must start with a letter and hold only letters, digits, '-' and '_' (at most 64).");
        }
        if (string.IsNullOrWhiteSpace(input.Name) || !NamePattern().IsMatch(input.Name))
        {
            problems.Add($"{label}: the name must start with a letter and hold only letters, digits, '_' and '.' (at most {CallbackRequestValidation.MaxUserDataKey}).");
        }
        if (input.Type != FormInputType.Hidden && string.IsNullOrWhiteSpace(input.Label))
        {
            problems.Add($"{label}: the label is missing (only hidden inputs go without one).");
        }
        if (!IsShortText(input.Label) || !IsShortText(input.Placeholder) || !IsShortText(input.Group))
        {
            problems.Add($"{label}: label, placeholder and group are at most {MaxText} characters of plain text.");
        }
        if (input.MaxLength is < 1 or > CallbackRequestValidation.MaxUserDataValue)
        {
            problems.Add($"{label}: the maximum length must be between 1 and {CallbackRequestValidation.MaxUserDataValue}.");
        }
        CheckOptions(input, label, problems);
        CheckPattern(input, label, problems);
        CheckDefault(input, label, problems);
    }

    private static void CheckOptions(FormInput input, string label, List<string> problems)
    {
        var options = input.Options ?? [];
        if (input.Type == FormInputType.Select)
        {
            if (options.Count is 0 or > MaxOptions)
            {
                problems.Add($"{label}: a select needs 1 to {MaxOptions} options.");
            }
            if (options.Any(o => o is null || string.IsNullOrWhiteSpace(o.Value) || string.IsNullOrWhiteSpace(o.Label) || !IsShortText(o.Value) || !IsShortText(o.Label)))
            {
                problems.Add($"{label}: every option needs a value and a label (at most {MaxText} characters each).");
            }
            else if (options.GroupBy(o => o.Value, StringComparer.Ordinal).Any(g => g.Count() > 1))
            {
                problems.Add($"{label}: two options have the same value.");
            }
        }
        else if (options.Count > 0)
        {
            problems.Add($"{label}: only a select has options.");
        }
    }

    private static void CheckPattern(FormInput input, string label, List<string> problems)
    {
        if (string.IsNullOrEmpty(input.Pattern))
        {
            return;
        }
        if (input.Pattern.Length > MaxPattern)
        {
            problems.Add($"{label}: the pattern is longer than {MaxPattern} characters.");
            return;
        }
        try
        {
            _ = new Regex(input.Pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            problems.Add($"{label}: the pattern is not a regular expression ({e.Message}).");
        }
    }

    private static void CheckDefault(FormInput input, string label, List<string> problems)
    {
        if (input.DefaultValue is not { } value)
        {
            return;
        }
        if (value.Length > (input.MaxLength ?? CallbackRequestValidation.MaxUserDataValue) || !CallbackRequestValidation.IsCleanText(value, multiline: true))
        {
            problems.Add($"{label}: the default value is longer than the input allows or holds control characters.");
        }
        else if (input.Type == FormInputType.Select && value.Length > 0 && !(input.Options ?? []).Any(o => o?.Value == value))
        {
            problems.Add($"{label}: the default value '{value}' is not one of the options.");
        }
        else if (input.Type == FormInputType.Checkbox && value is not ("" or "true" or "false"))
        {
            problems.Add($"{label}: a checkbox's default value is \"true\" or \"false\".");
        }
    }

    private static bool IsShortText(string? value) => value is null || (value.Length <= MaxText && CallbackRequestValidation.IsCleanText(value, multiline: false));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
