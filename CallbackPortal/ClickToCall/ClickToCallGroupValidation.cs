using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.ClickToCall;

/// <summary>What a group form must satisfy before it is saved, reported by field (the form's property names).</summary>
internal static class ClickToCallGroupValidation
{
    public static async Task<(List<string> Numbers, Dictionary<string, string[]> Errors)> ValidateAsync(AppDbContext db, PortalActor actor,
        ClickToCallGroupForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var key = form.Key?.Trim();
        if (!ServiceFormRules.IsKey(key))
        {
            errors[nameof(form.Key)] = ["Use 1 to 64 lower-case letters, digits and single dashes, such as 'app-support' (apps send it as 'group')."];
        }
        else if (await db.ClickToCallGroups.AnyAsync(g => g.Key == key && g.Id != form.Id, ct))
        {
            errors[nameof(form.Key)] = [$"The key '{key}' is taken."];
        }
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Trim().Length > 100)
        {
            errors[nameof(form.Name)] = ["A name of 1 to 100 characters is required."];
        }
        var numbers = ValidateNumbers(form.Numbers, errors);
        if (numbers.Count > 0 && !errors.ContainsKey(nameof(form.Numbers)))
        {
            var others = await db.ClickToCallGroups.AsNoTracking().Where(g => g.Id != form.Id).Select(g => new { g.Key, g.Numbers }).ToListAsync(ct);
            var shared = others.SelectMany(g => g.Numbers.Intersect(numbers).Select(n => $"{n} is already an access number of the group '{g.Key}'.")).ToArray();
            if (shared.Length > 0)
            {
                // The IVR tells reservations apart by the dialed number, so a number belongs to one group only.
                errors[nameof(form.Numbers)] = shared;
            }
        }
        if (!Enum.IsDefined(form.Allocation))
        {
            errors[nameof(form.Allocation)] = ["Choose round robin or random."];
        }
        if (form.AccessCodeDigits is not 0 and not (>= 4 and <= 8))
        {
            errors[nameof(form.AccessCodeDigits)] = ["Use 0 for no access code, or 4 to 8 digits."];
        }
        if (form.ReservationSeconds is < 30 or > 3600)
        {
            errors[nameof(form.ReservationSeconds)] = ["A reservation lasts 30 to 3600 seconds."];
        }
        if (!await db.CallbackServices.AnyAsync(s => s.Id == form.TargetServiceId, ct))
        {
            errors[nameof(form.TargetServiceId)] = ["Choose the service whose queue the calls go to."];
        }
        else if (!actor.Scope.Includes(form.TargetServiceId))
        {
            errors[nameof(form.TargetServiceId)] = ["You may only send calls to the services you are allowed to change."];
        }
        return (numbers, errors);
    }

    private static List<string> ValidateNumbers(IReadOnlyList<string> input, Dictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        var numbers = new List<string>();
        foreach (var raw in input.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            var e164 = raw.TrimStart().StartsWith('+') ? ClickToCallNumbers.ToE164(raw) : null;
            if (e164 is null)
            {
                problems.Add($"'{Clip(raw.Trim())}' is not a valid number in international format (+ and country code).");
            }
            else if (numbers.Contains(e164))
            {
                problems.Add($"{e164} is listed twice.");
            }
            else
            {
                numbers.Add(e164);
            }
        }
        if (numbers.Count == 0 && problems.Count == 0)
        {
            problems.Add("At least one access number is required.");
        }
        if (numbers.Count > ClickToCallGroups.MaxNumbers)
        {
            problems.Add($"At most {ClickToCallGroups.MaxNumbers} numbers.");
        }
        if (problems.Count > 0)
        {
            errors[nameof(ClickToCallGroupForm.Numbers)] = [.. problems];
        }
        return numbers;
    }

    private static string Clip(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
