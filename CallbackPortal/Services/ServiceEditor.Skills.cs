using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

public sealed partial class ServiceEditor
{
    /// <summary>
    /// Warnings, not refusals: required skills that no agent holds at the level asked, and the case where no single agent
    /// holds them all (such a service can take requests, but no callback would ever connect).
    /// </summary>
    public async Task<IReadOnlyList<string>> SkillWarningsAsync(IReadOnlyList<RequiredSkill> required, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(required);
        var wanted = required.Where(r => !string.IsNullOrWhiteSpace(r.Skill)).Select(r => (r.Skill.Trim(), r.MinLevel)).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agents = await db.Agents.AsNoTracking().ToListAsync(ct);
        var warnings = wanted.Where(w => !agents.Any(a => a.HasSkills([w])))
            .Select(w => $"No agent holds '{w.Item1}' at level {w.MinLevel} or above.").ToList();
        if (warnings.Count == 0 && wanted.Count > 1 && !agents.Any(a => a.HasSkills(wanted)))
        {
            warnings.Add("No single agent holds all these skills at these levels, so no callback of this service can connect.");
        }
        return warnings;
    }

    /// <summary>Required skills must come from the catalogue; ones the service already requires stay allowed (they may predate it).</summary>
    private static async Task CheckCatalogueAsync(AppDbContext db, ServiceForm form, IEnumerable<string> alreadyRequired, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var names = (form.RequiredSkills ?? []).Select(s => s.Skill?.Trim() ?? "").Where(s => s.Length > 0).ToList();
        if (names.Count == 0)
        {
            return;
        }
        var known = new HashSet<string>(await db.Skills.AsNoTracking().Select(s => s.Name).ToListAsync(ct), StringComparer.OrdinalIgnoreCase);
        known.UnionWith(alreadyRequired);
        var unknown = names.Where(n => !known.Contains(n)).Select(n => $"'{n}' is not in the skills catalogue: add it there first, or pick another.").ToList();
        if (unknown.Count > 0)
        {
            const string field = nameof(ServiceForm.RequiredSkills);
            errors[field] = [.. errors.GetValueOrDefault(field, []), .. unknown];
        }
    }
}
