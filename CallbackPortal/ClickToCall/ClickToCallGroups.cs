using System.Globalization;
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

/// <summary>Lists, validates, saves and deletes click-to-call groups; every change is audited in the same SaveChanges.</summary>
public sealed class ClickToCallGroups(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, TimeProvider clock, WriteGate writeGate)
{
    public const int MaxNumbers = 500;

    /// <summary>The refusal for a group whose target service is outside the actor's scope.</summary>
    public const string NotAllowed = "You are not allowed to change this group: its calls go to a service outside yours.";

    private const string ChangedMeanwhile = "Someone else changed this group meanwhile; reload it and make your change again.";

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
        actor.RequirePermission(Access.Permissions.Features.Manage);
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
        var (numbers, errors) = await ClickToCallGroupValidation.ValidateAsync(db, actor, form, ct);
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
            return Failed("Version", ChangedMeanwhile);
        }
        catch (DbUpdateException)
        {
            // Another save took the key between the check and this save (the unique index refused it).
            return Failed(nameof(ClickToCallGroupForm.Key), $"The key '{group.Key}' is taken.");
        }
        return new ClickToCallGroupSave(group, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// Deletes a group with its past reservations in one transaction, audited. Refused while a reservation is live (its
    /// caller may be dialing the number right now) and when the group changed since <paramref name="version"/> was read.
    /// Runs behind the <see cref="WriteGate"/> as reservations do, so none can be made between the check and the delete.
    /// </summary>
    /// <returns>Null when deleted, else why not.</returns>
    public async Task<string?> DeleteAsync(PortalActor actor, Guid id, int version, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Features.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        using var turn = await writeGate.EnterAsync(ct);
        using var transaction = db.Database.BeginTransaction();
        db.TakeTurn(ClickToCallReservations.LockScope, "pool");
        var group = db.ClickToCallGroups.SingleOrDefault(g => g.Id == id);
        if (group is null)
        {
            return "This group no longer exists.";
        }
        if (!actor.Scope.Includes(group.TargetServiceId))
        {
            return NotAllowed;
        }
        if (group.Version != version)
        {
            return ChangedMeanwhile;
        }
        var now = clock.GetUtcNow();
        var live = db.ClickToCallReservations.Where(r => r.GroupId == id && r.MatchedAt == null && r.ExpiresAt > now).Select(r => r.ExpiresAt).ToList();
        if (live.Count > 0)
        {
            var until = live.Max().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            return (live.Count == 1 ? $"A reservation of '{group.Key}' is live until {until} UTC. " : $"{live.Count} reservations of '{group.Key}' are live, the last until {until} UTC. ")
                + "Switch off 'Takes requests' first, wait until they have expired, then delete the group.";
        }
        db.ClickToCallReservations.Where(r => r.GroupId == id).ExecuteDelete();
        db.ClickToCallGroups.Remove(group);
        audit.Record(db, actor, AuditAreas.ClickToCall, AuditActions.Deleted, group.Key, Snapshot(group), null, group.TargetServiceId);
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile;
        }
        transaction.Commit();
        return null;
    }

    private static object Snapshot(ClickToCallGroup g) => new
    {
        g.Key, g.Name, Numbers = string.Join(", ", g.Numbers), Allocation = g.Allocation.ToString(), g.AccessCodeDigits, g.ReservationSeconds,
        g.TargetServiceId, g.Enabled,
    };

    private static ClickToCallGroupSave Failed(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}
