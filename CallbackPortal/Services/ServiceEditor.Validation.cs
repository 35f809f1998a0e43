using System.Globalization;
using System.Text.RegularExpressions;
using CallbackPortal.Callbacks;
using CallbackPortal.Widget;
using PhoneNumbers;

namespace CallbackPortal.Services;

/// <summary>
/// What a service form must fix before it is saved, by field (the <see cref="ServiceForm"/> property, or a dotted
/// path such as <c>Schedule.Weekly.Monday</c> or <c>Capacity.DefaultCapacity</c>). Office hours, capacity and the
/// consumer form are checked by their own rules (<see cref="OfficeHours.Problems"/>, <see cref="CapacityPlan.Problems"/>,
/// <see cref="WidgetForm.Validate"/>); what needs the database (a unique key, known skills) is checked by <see cref="ServiceEditor"/>.
/// </summary>
public static partial class ServiceFormRules
{
    public const int MaxRequiredSkills = 20;
    /// <summary>A required level no agent can hold would leave the service unserved: the same scale as agents' skills.</summary>
    public const int MaxSkillLevel = Agents.AgentForm.MaxLevel;
    public const int MaxDatedEntries = 10_000;

    /// <summary>The allowed range of each number of the dial policy, with its words for messages.</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max, string Unit)> Ranges = new Dictionary<string, (int, int, string)>
    {
        [nameof(ServiceForm.Priority)] = (0, 100, ""),
        [nameof(ServiceForm.PreviewTimeoutSeconds)] = (5, 600, "seconds"),
        [nameof(ServiceForm.PreviewMaxRejects)] = (1, 20, ""),
        [nameof(ServiceForm.MaxDialAttempts)] = (1, 10, ""),
        [nameof(ServiceForm.RetryIntervalSeconds)] = (10, 86_400, "seconds"),
        [nameof(ServiceForm.RingTimeoutSeconds)] = (5, 120, "seconds"),
        [nameof(ServiceForm.WrapUpSeconds)] = (0, 3_600, "seconds"),
        [nameof(ServiceForm.TimeToLiveSeconds)] = (60, 30 * 86_400, "seconds"),
        [nameof(ServiceForm.SubmitBufferSeconds)] = (0, 3_600, "seconds"),
        [nameof(ServiceForm.HorizonDays)] = (1, 365, "days"),
        [nameof(ServiceForm.MaxQueued)] = (0, CallbackService.MaxQueuedLimit, ""),
        [nameof(ServiceForm.RetentionDays)] = (1, 3_650, "days"),
        [nameof(ServiceForm.PushThresholdSeconds)] = (0, 86_400, "seconds"),
        [nameof(ServiceForm.ImmediateMinEwtSeconds)] = (0, 86_400, "seconds"),
        [nameof(ServiceForm.ImmediateMaxEwtSeconds)] = (0, 86_400, "seconds"),
    };

    /// <summary>Checks everything that needs no database; <paramref name="widgetForm"/> is the parsed consumer form (null when it does not parse).</summary>
    public static Dictionary<string, string[]> Validate(ServiceForm form, out WidgetForm? widgetForm)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        CheckGeneral(form, Add);
        CheckPolicy(form, Add);
        CheckSkills(form.RequiredSkills ?? [], Add);
        foreach (var problem in OfficeHours.Problems(form.Schedule))
        {
            Add($"{nameof(ServiceForm.Schedule)}.{problem.Field}", problem.Message);
        }
        if ((form.Schedule.ExtraOpenings?.Count ?? 0) + (form.Schedule.Holidays?.Count ?? 0) + (form.Schedule.Weekly?.Count ?? 0) > MaxDatedEntries)
        {
            Add(nameof(ServiceForm.Schedule), $"Office hours hold at most {MaxDatedEntries} ranges and holidays.");
        }
        foreach (var problem in CapacityPlan.Problems(form.Capacity))
        {
            Add($"{nameof(ServiceForm.Capacity)}.{problem.Field}", problem.Message);
        }
        if ((form.Capacity.WeeklyOverrides?.Count ?? 0) + (form.Capacity.DatedExceptions?.Count ?? 0) > MaxDatedEntries)
        {
            Add(nameof(ServiceForm.Capacity), $"A capacity plan holds at most {MaxDatedEntries} slot entries.");
        }
        widgetForm = WidgetForm.FromJson(form.FormJson, out var unreadable);
        foreach (var problem in unreadable is null ? widgetForm!.Validate() : [unreadable])
        {
            Add(nameof(ServiceForm.FormJson), problem);
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>True for a key such as <c>support</c> or <c>sales-emea-2</c>.</summary>
    public static bool IsKey(string? key) => key is { Length: > 0 and <= 64 } && KeyPattern().IsMatch(key);

    /// <summary>True for an E.164 number (<c>+12025550100</c>) that is possible in its country's numbering plan.</summary>
    public static bool IsCallerId(string value)
    {
        if (!E164Pattern().IsMatch(value))
        {
            return false;
        }
        try
        {
            return PhoneNumberUtil.GetInstance().IsPossibleNumber(PhoneNumberUtil.GetInstance().Parse(value, null));
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static void CheckGeneral(ServiceForm form, Action<string, string> add)
    {
        if (!IsKey(form.Key?.Trim()))
        {
            add(nameof(ServiceForm.Key), "Use 1 to 64 lower-case letters, digits and single dashes, such as 'support' or 'sales-emea' (it appears in URLs and the API).");
        }
        CheckText(nameof(ServiceForm.Name), "A name", form.Name, 200, multiline: false, add);
        CheckText(nameof(ServiceForm.Greeting), "A greeting", form.Greeting, 500, multiline: true, add);
        if (!ServiceChoices.IsCountry(form.DefaultCountry?.Trim().ToUpperInvariant()))
        {
            add(nameof(ServiceForm.DefaultCountry), "Pick a country: numbers written without a country code are read as numbers of this country.");
        }
        if (!string.IsNullOrWhiteSpace(form.CallerId) && !IsCallerId(form.CallerId.Trim()))
        {
            add(nameof(ServiceForm.CallerId), "Use an E.164 number: '+', the country code and the number, digits only, such as +12025550100 (or leave it empty for the telephony default).");
        }
        if (!ServiceChoices.IsLanguage(form.Language?.Trim()))
        {
            add(nameof(ServiceForm.Language), "Pick a language such as en-US: the greeting is spoken in it.");
        }
        CheckRange(nameof(ServiceForm.Priority), form.Priority, add);
    }

    private static void CheckPolicy(ServiceForm form, Action<string, string> add)
    {
        foreach (var (field, value) in new (string, int?)[]
        {
            (nameof(form.PreviewTimeoutSeconds), form.PreviewTimeoutSeconds), (nameof(form.PreviewMaxRejects), form.PreviewMaxRejects),
            (nameof(form.MaxDialAttempts), form.MaxDialAttempts), (nameof(form.RetryIntervalSeconds), form.RetryIntervalSeconds),
            (nameof(form.RingTimeoutSeconds), form.RingTimeoutSeconds), (nameof(form.WrapUpSeconds), form.WrapUpSeconds),
            (nameof(form.TimeToLiveSeconds), form.TimeToLiveSeconds), (nameof(form.SubmitBufferSeconds), form.SubmitBufferSeconds),
            (nameof(form.HorizonDays), form.HorizonDays), (nameof(form.MaxQueued), form.MaxQueued), (nameof(form.RetentionDays), form.RetentionDays),
            (nameof(form.PushThresholdSeconds), form.PushThresholdSeconds), (nameof(form.ImmediateMinEwtSeconds), form.ImmediateMinEwtSeconds),
            (nameof(form.ImmediateMaxEwtSeconds), form.ImmediateMaxEwtSeconds),
        })
        {
            if (value is { } number)
            {
                CheckRange(field, number, add);
            }
        }
        if (!Enum.IsDefined(form.DialMode))
        {
            add(nameof(form.DialMode), "Pick customer-first or agent-first.");
        }
        if (!Enum.IsDefined(form.MachineTreatment))
        {
            add(nameof(form.MachineTreatment), "Pick what to do when an answering machine answers.");
        }
        if (form.ImmediateMinEwtSeconds is { } min && form.ImmediateMaxEwtSeconds is { } max && min > max)
        {
            var message = $"The lowest wait ({min} s) is above the highest ({max} s): immediate callbacks would never be offered.";
            add(nameof(form.ImmediateMinEwtSeconds), message);
            add(nameof(form.ImmediateMaxEwtSeconds), message);
        }
        if (form.MaxDialAttempts > 1 && form.RetryIntervalSeconds >= form.TimeToLiveSeconds)
        {
            add(nameof(form.RetryIntervalSeconds), $"A retry after {form.RetryIntervalSeconds} s comes after the callback has expired ({form.TimeToLiveSeconds} s to live): shorten the interval or lengthen the time to live.");
        }
    }

    private static void CheckSkills(List<RequiredSkill> skills, Action<string, string> add)
    {
        const string field = nameof(ServiceForm.RequiredSkills);
        if (skills.Count > MaxRequiredSkills)
        {
            add(field, $"At most {MaxRequiredSkills} required skills.");
        }
        if (skills.Any(s => string.IsNullOrWhiteSpace(s.Skill)))
        {
            add(field, "A required skill has no skill picked: pick one or remove the row.");
        }
        foreach (var twice in skills.Where(s => !string.IsNullOrWhiteSpace(s.Skill)).GroupBy(s => s.Skill.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            add(field, $"The skill '{twice.Key}' is listed {twice.Count()} times.");
        }
        foreach (var skill in skills.Where(s => s.MinLevel < 1 || s.MinLevel > MaxSkillLevel))
        {
            add(field, $"The minimum level of '{skill.Skill}' must be between 1 and {MaxSkillLevel}.");
        }
    }

    private static void CheckRange(string field, int value, Action<string, string> add)
    {
        var (min, max, unit) = Ranges[field];
        if (value < min || value > max)
        {
            add(field, string.Create(CultureInfo.InvariantCulture, $"Between {min} and {max}{(unit.Length > 0 ? " " + unit : "")}."));
        }
    }

    private static void CheckText(string field, string what, string? value, int max, bool multiline, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            add(field, $"{what} is required.");
        }
        else if (value.Trim().Length > max || !CallbackRequestValidation.IsCleanText(value, multiline))
        {
            add(field, $"At most {max} characters, without control characters.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164Pattern();
}
