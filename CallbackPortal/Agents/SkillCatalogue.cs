using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Agents;

/// <summary>A skill of the catalogue with who uses it: the agents holding it and the services requiring it.</summary>
public sealed record SkillUsage(string Name, string? Description, IReadOnlyList<string> Agents, IReadOnlyList<string> Services);

/// <summary>What the skills page shows: the catalogue, and skills agents or services use that it does not list yet.</summary>
public sealed record SkillOverview(IReadOnlyList<SkillUsage> Catalogue, IReadOnlyList<string> Uncatalogued);

/// <summary>
/// The skills catalogue (<see cref="SkillDefinition"/>): add, edit (describe and rename) and delete. A skill in use cannot be
/// deleted; a rename carries over to every agent holding it and every service requiring it, in the same save.
/// Methods return what to fix by field (<c>name</c>, <c>description</c>, or "" for the whole action); empty when done.
/// </summary>
public sealed class SkillCatalogue(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 500;

    private static readonly IReadOnlyDictionary<string, string[]> Done = new Dictionary<string, string[]>();

    /// <summary>The catalogue with its uses; services outside the actor's scope are counted, not named.</summary>
    public async Task<SkillOverview> OverviewAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var skills = await db.Skills.AsNoTracking().ToListAsync(ct);
        var uses = await UsesAsync(db, actor, ct);
        var rows = skills.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new SkillUsage(s.Name, s.Description, uses.AgentsHolding(s.Name), uses.ServicesRequiring(s.Name)))
            .ToList();
        var uncatalogued = uses.AllNames.Where(n => !skills.Any(s => Same(s.Name, n))).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new SkillOverview(rows, uncatalogued);
    }

    /// <summary>The names agents can be given, in order.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.Skills.AsNoTracking().Select(s => s.Name).ToListAsync(ct);
        return [.. names.Order(StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<IReadOnlyDictionary<string, string[]>> AddAsync(PortalActor actor, string? name, string? description, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Manage);
        var trimmed = name?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = NameProblems(trimmed, await db.Skills.Select(s => s.Name).ToListAsync(ct), except: null)
            .Concat(DescriptionProblems(description)).ToDictionary();
        if (errors.Count > 0)
        {
            return errors;
        }
        var skill = new SkillDefinition { Name = trimmed, Description = Clean(description), CreatedAt = clock.GetUtcNow() };
        db.Skills.Add(skill);
        audit.Record(db, actor, AuditAreas.Skills, AuditActions.Created, skill.Name, null, Snapshot(skill));
        return await SaveAsync(db, ct);
    }

    /// <summary>
    /// Changes the description and, when <paramref name="newName"/> differs, the name: in the catalogue, on every agent
    /// holding the skill and every service requiring it, all in one save (or nothing, when any of it is refused).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> EditAsync(PortalActor actor, string name, string? newName, string? description, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Manage);
        var trimmed = newName?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Skills.SingleOrDefaultAsync(s => s.Name == name, ct) is not { } skill)
        {
            return Gone(name);
        }
        var renaming = trimmed != skill.Name;
        var errors = (renaming ? NameProblems(trimmed, await db.Skills.Select(s => s.Name).ToListAsync(ct), except: skill.Name) : [])
            .Concat(DescriptionProblems(description)).ToDictionary();
        if (errors.Count > 0)
        {
            return errors;
        }
        var before = Snapshot(skill);
        var edited = skill;
        if (renaming)
        {
            if (!await RenameUsesAsync(db, actor, skill.Name, trimmed, ct))
            {
                return Refusal($"'{name}' is required by a service you are not allowed to change; ask an administrator to rename it.");
            }
            // The name is the key: the renamed skill is a new row keeping the old one's creation time.
            db.Skills.Remove(skill);
            edited = new SkillDefinition { Name = trimmed, CreatedAt = skill.CreatedAt };
            db.Skills.Add(edited);
        }
        edited.Description = Clean(description);
        audit.Record(db, actor, AuditAreas.Skills, renaming ? "renamed" : AuditActions.Updated, edited.Name, before, Snapshot(edited));
        return await SaveAsync(db, ct);
    }

    /// <summary>Deletes an unused skill; one that agents hold or services require is refused, naming them.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> DeleteAsync(PortalActor actor, string name, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Skills.SingleOrDefaultAsync(s => s.Name == name, ct) is not { } skill)
        {
            return Done;
        }
        var uses = await UsesAsync(db, actor, ct);
        var (agents, services) = (uses.AgentsHolding(name), uses.ServicesRequiring(name));
        if (agents.Count > 0 || services.Count > 0)
        {
            var holders = new List<string>();
            if (agents.Count > 0)
            {
                holders.Add($"{(agents.Count == 1 ? "agent" : "agents")} {string.Join(", ", agents)} {(agents.Count == 1 ? "holds" : "hold")} it");
            }
            if (services.Count > 0)
            {
                holders.Add($"{(services.Count == 1 ? "service" : "services")} {string.Join(", ", services)} {(services.Count == 1 ? "requires" : "require")} it");
            }
            return Refusal($"'{skill.Name}' is in use and cannot be deleted: {string.Join("; ", holders)}.");
        }
        db.Skills.Remove(skill);
        audit.Record(db, actor, AuditAreas.Skills, AuditActions.Deleted, skill.Name, Snapshot(skill), null);
        return await SaveAsync(db, ct);
    }

    /// <summary>Renames the skill on the agents holding it and the services requiring it; false when one of those services is outside the actor's scope.</summary>
    private static async Task<bool> RenameUsesAsync(AppDbContext db, PortalActor actor, string name, string newName, CancellationToken ct)
    {
        var services = (await db.CallbackServices.ToListAsync(ct)).Where(s => s.RequiredSkills.Any(r => Same(r.Skill, name))).ToList();
        if (services.Any(s => !actor.Scope.Includes(s.Id)))
        {
            return false;
        }
        foreach (var service in services)
        {
            service.RequiredSkills.Where(r => Same(r.Skill, name)).ToList().ForEach(r => r.Skill = newName);
            // A change inside the owned JSON leaves the service unmodified: bump it so an editor opened before the rename cannot undo it.
            service.Version++;
        }
        foreach (var agent in (await db.Agents.ToListAsync(ct)).Where(a => a.Skills.Any(s => Same(s.Skill, name))))
        {
            agent.Skills.Where(s => Same(s.Skill, name)).ToList().ForEach(s => s.Skill = newName);
            agent.Version++;
        }
        return true;
    }

    /// <summary>Why <paramref name="name"/> cannot name a skill (letters, digits, dash, underscore, space; unique ignoring case).</summary>
    internal static IEnumerable<KeyValuePair<string, string[]>> NameProblems(string name, IEnumerable<string> existing, string? except)
    {
        string? problem = name switch
        {
            "" => "Enter a name for the skill.",
            { Length: > MaxNameLength } => $"The name is {name.Length} characters long: at most {MaxNameLength}.",
            _ when name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')) => "Use only letters, digits, dashes, underscores and spaces.",
            _ when existing.FirstOrDefault(e => Same(e, name) && e != except) is { } taken => $"The catalogue already has '{taken}' (names are compared ignoring case).",
            _ => null,
        };
        return problem is null ? [] : [new("name", [problem])];
    }

    internal static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<KeyValuePair<string, string[]>> DescriptionProblems(string? description) =>
        description?.Trim().Length > MaxDescriptionLength
            ? [new("description", [$"The description is too long: at most {MaxDescriptionLength} characters."])]
            : [];

    private static string? Clean(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    private static object Snapshot(SkillDefinition skill) => new { skill.Name, skill.Description };

    private static Dictionary<string, string[]> Refusal(string message) => new() { [""] = [message] };

    private static Dictionary<string, string[]> Gone(string name) => Refusal($"The skill '{name}' no longer exists; someone deleted or renamed it.");

    private static async Task<IReadOnlyDictionary<string, string[]>> SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Done;
        }
        catch (DbUpdateException)
        {
            // A racing add of the same name, or an agent changing (presence) while a rename rewrote its skills.
            return Refusal("Someone else changed the skills or agents at the same time; nothing was saved. Try again.");
        }
    }

    private static async Task<SkillUses> UsesAsync(AppDbContext db, PortalActor actor, CancellationToken ct)
    {
        var agents = await db.Agents.AsNoTracking().Select(a => new { a.Name, a.Skills }).ToListAsync(ct);
        var services = await db.CallbackServices.AsNoTracking().Select(s => new { s.Id, s.Name, s.RequiredSkills }).ToListAsync(ct);
        return new SkillUses(
            [.. agents.Select(a => (a.Name, (IReadOnlyList<string>)[.. a.Skills.Select(s => s.Skill)]))],
            [.. services.Select(s => (actor.Scope.Includes(s.Id) ? s.Name : null, (IReadOnlyList<string>)[.. s.RequiredSkills.Select(r => r.Skill)]))]);
    }

    /// <summary>Who uses which skill; a service the actor may not see has no name here and is counted as "another service".</summary>
    private sealed record SkillUses(IReadOnlyList<(string Name, IReadOnlyList<string> Skills)> Agents, IReadOnlyList<(string? Name, IReadOnlyList<string> Skills)> Services)
    {
        public IEnumerable<string> AllNames => Agents.Select(a => a.Skills).Concat(Services.Select(s => s.Skills)).SelectMany(x => x).DistinctBy(n => n.ToUpperInvariant());

        public IReadOnlyList<string> AgentsHolding(string skill) =>
            [.. Agents.Where(a => a.Skills.Any(s => Same(s, skill))).Select(a => a.Name).Order(StringComparer.OrdinalIgnoreCase)];

        public IReadOnlyList<string> ServicesRequiring(string skill)
        {
            var requiring = Services.Where(s => s.Skills.Any(x => Same(x, skill))).ToList();
            var hidden = requiring.Count(s => s.Name is null);
            List<string> named = [.. requiring.Select(s => s.Name).OfType<string>().Order(StringComparer.OrdinalIgnoreCase)];
            if (hidden > 0)
            {
                named.Add(hidden == 1 ? "another service" : $"{hidden} other services");
            }
            return named;
        }
    }
}
