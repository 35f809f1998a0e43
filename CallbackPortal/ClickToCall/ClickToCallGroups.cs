using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.ClickToCall;

/// <summary>What the portal sends to add or change a group; <see cref="Id"/> null adds one.</summary>
public sealed class ClickToCallGroupForm
{
    public Guid? Id { get; set; }
    public string? Key { get; set; }
    public string? Name { get; set; }
    public List<string> Numbers { get; set; } = [];
    public NumberAllocation Allocation { get; set; }
    public int AccessCodeDigits { get; set; }
    public int ReservationSeconds { get; set; } = 300;
    public Guid TargetServiceId { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>The version the form was read at; a save over a newer version is refused.</summary>
    public int Version { get; set; }

    public static ClickToCallGroupForm Of(ClickToCallGroup group) => new()
    {
        Id = group.Id, Key = group.Key, Name = group.Name, Numbers = [.. group.Numbers], Allocation = group.Allocation,
        AccessCodeDigits = group.AccessCodeDigits, ReservationSeconds = group.ReservationSeconds, TargetServiceId = group.TargetServiceId,
        Enabled = group.Enabled, Version = group.Version,
    };
}

/// <summary>The outcome of a save: the stored group, or what to fix by field (the form's property names).</summary>
public sealed record ClickToCallGroupSave(ClickToCallGroup? Group, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Lists, validates and saves click-to-call groups; every save is audited in the same SaveChanges.</summary>
public sealed class ClickToCallGroups(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit)
{
    public const int MaxNumbers = 500;

    /// <summary>The refusal for a group whose target service is outside the actor's scope.</summary>
    public const string NotAllowed = "You are not allowed to change this group: its calls go to a service outside yours.";

    /// <summary>The groups the actor may see: those whose target service is in their scope.</summary>
    public async Task<IReadOnlyList<ClickToCallGroup>> ListAsync(PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await InScope(db.ClickToCallGroups.AsNoTracking(), actor.Scope).OrderBy(g => g.Key).ToListAsync(ct);
    }

    /// <summary>The services a group can send its calls to, for the page's choice: those in the actor's scope.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> TargetServicesAsync(PortalActor actor, CancellationToken ct)
    {
        var services = await dbFactory.ServiceChoicesAsync(actor, ct);
        return [.. services.Select(s => (s.ServiceId, $"{s.Name} ({s.Key})"))];
    }

    /// <summary>The groups whose target service <paramref name="scope"/> includes (filtered in the database).</summary>
    internal static IQueryable<ClickToCallGroup> InScope(IQueryable<ClickToCallGroup> groups, ServiceScope scope) =>
        scope.Allowed is { } allowed ? groups.Where(g => allowed.Contains(g.TargetServiceId)) : groups;

    public async Task<ClickToCallGroupSave> SaveAsync(PortalActor actor, ClickToCallGroupForm form, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = form.Id is { } id ? await db.ClickToCallGroups.SingleOrDefaultAsync(g => g.Id == id, ct) : null;
        if (form.Id is not null && existing is null)
        {
            return Failed("Id", "This group no longer exists.");
        }
        if (existing is not null && !actor.Scope.Includes(existing.TargetServiceId))
        {
            return Failed("Id", NotAllowed);
        }
        var (numbers, errors) = await ValidateAsync(db, actor, form, ct);
        if (errors.Count > 0)
        {
            return new ClickToCallGroupSave(null, errors);
        }
        var before = existing is null ? null : Snapshot(existing);
        var group = existing ?? new ClickToCallGroup { Id = Guid.NewGuid() };
        if (existing is not null)
        {
            db.Entry(existing).Property(g => g.Version).OriginalValue = form.Version;
        }
        group.Key = form.Key!.Trim();
        group.Name = form.Name!.Trim();
        group.Numbers = numbers;
        group.Allocation = form.Allocation;
        group.AccessCodeDigits = form.AccessCodeDigits;
        group.ReservationSeconds = form.ReservationSeconds;
        group.TargetServiceId = form.TargetServiceId;
        group.Enabled = form.Enabled;
        if (existing is null)
        {
            db.ClickToCallGroups.Add(group);
        }
        audit.Record(db, actor, AuditAreas.ClickToCall, existing is null ? AuditActions.Created : AuditActions.Updated, group.Key, before, Snapshot(group),
            group.TargetServiceId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failed("Version", "Someone else changed this group meanwhile; reload it and make your change again.");
        }
        catch (DbUpdateException)
        {
            // Another save took the key between the check and this save (the unique index refused it).
            return Failed(nameof(ClickToCallGroupForm.Key), $"The key '{group.Key}' is taken.");
        }
        return new ClickToCallGroupSave(group, new Dictionary<string, string[]>());
    }

    private static async Task<(List<string> Numbers, Dictionary<string, string[]> Errors)> ValidateAsync(AppDbContext db, PortalActor actor,
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
        if (numbers.Count > MaxNumbers)
        {
            problems.Add($"At most {MaxNumbers} numbers.");
        }
        if (problems.Count > 0)
        {
            errors[nameof(ClickToCallGroupForm.Numbers)] = [.. problems];
        }
        return numbers;
    }

    private static object Snapshot(ClickToCallGroup g) => new
    {
        g.Key, g.Name, Numbers = string.Join(", ", g.Numbers), Allocation = g.Allocation.ToString(), g.AccessCodeDigits, g.ReservationSeconds,
        g.TargetServiceId, g.Enabled,
    };

    private static ClickToCallGroupSave Failed(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });

    private static string Clip(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
