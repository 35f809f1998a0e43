using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.PublicApi;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

/// <summary>Whether a service takes immediate callbacks right now.</summary>
public enum ServiceOpenState
{
    Open,
    Closed,
    Paused,
    /// <summary>The stored time zone is not known on this machine (the editor says how to fix it).</summary>
    UnknownZone,
}

/// <summary>A service as the services list shows it.</summary>
public sealed record ServiceRow(Guid Id, string Key, string Name, ServiceOpenState State, string? PausedReason, int Queued, DialMode DialMode);

/// <summary>The outcome of a create or save: the service's id when saved, otherwise what to fix by field ("" for the form as a whole).</summary>
public sealed record ServiceSaveResult(Guid? ServiceId, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Saved => Errors.Count == 0;

    public static ServiceSaveResult Refused(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The service editor's logic: list the services an actor may see, read one as a <see cref="ServiceForm"/>, create and
/// save with every check first and one SaveChanges (the change and its audit entry together, refused when someone
/// else saved since the form was read), pause and resume through <see cref="ServiceControl"/>. After a save the caches
/// that hold service data hear of it (CORS origins, the engine's live views, a dispatch round when hours, capacity or
/// skills changed); the intake's wait-estimate inputs expire on their own within <see cref="CallbackIntake.EstimateInputsFor"/>.
/// </summary>
public sealed partial class ServiceEditor(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, ServiceControl control, ServiceCors cors,
    IEngineTriggers triggers, CallbackEventStream events, TimeProvider clock)
{
    public const string LimitedCannotCreate = "You are limited to some services, so you cannot create new ones: ask an administrator.";

    public async Task<IReadOnlyList<ServiceRow>> ListAsync(PortalActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).OrderBy(s => s.Name).ToListAsync(ct);
        var ids = services.Select(s => s.Id).ToList();
        var queued = await db.Callbacks.AsNoTracking().Where(c => ids.Contains(c.ServiceId) && c.State == CallbackState.Queued)
            .GroupBy(c => c.ServiceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var now = clock.GetUtcNow();
        return [.. services.Select(s => new ServiceRow(s.Id, s.Key, s.Name, StateOf(s, now), s.PausedReason, queued.GetValueOrDefault(s.Id), s.DialMode))];
    }

    /// <summary>The service as a form, or null when there is none or the actor may not see it (the page says so kindly).</summary>
    public async Task<ServiceForm?> LoadAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).SingleOrDefaultAsync(s => s.Id == serviceId, ct);
        return service is null ? null : ServiceForm.From(service);
    }

    public async Task<ServiceSaveResult> CreateAsync(PortalActor actor, ServiceForm form, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Services.Manage);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        if (actor.Scope.IsLimited)
        {
            return ServiceSaveResult.Refused("", LimitedCannotCreate);
        }
        var errors = ServiceFormRules.Validate(form, out var widgetForm);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = form.Key.Trim();
        if (!errors.ContainsKey(nameof(ServiceForm.Key)) && await db.CallbackServices.AsNoTracking().Where(s => s.Key == key).Select(s => s.Name).FirstOrDefaultAsync(ct) is { } owner)
        {
            errors[nameof(ServiceForm.Key)] = [KeyTaken(key, $"the service '{owner}'")];
        }
        await CheckCatalogueAsync(db, form, [], errors, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var service = new CallbackService { Id = Guid.NewGuid(), Key = key, CreatedAt = clock.GetUtcNow() };
        form.ApplyTo(service, widgetForm);
        db.CallbackServices.Add(service);
        audit.Record(db, actor, AuditAreas.Services, AuditActions.Created, service.Key, null, Snapshot(service), service.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // Another administrator created the same key between the check and the save: the unique index refused it.
            if (await KeyExistsAsync(key, ct))
            {
                return ServiceSaveResult.Refused(nameof(ServiceForm.Key), KeyTaken(key, "another service"));
            }
            throw;
        }
        Announce(service, dispatch: false);
        return new(service.Id, errors);
    }

    public async Task<ServiceSaveResult> SaveAsync(PortalActor actor, Guid serviceId, ServiceForm form, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Services.Manage);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        if (!actor.Scope.Includes(serviceId))
        {
            return ServiceSaveResult.Refused("", ServiceEdits.NotAllowed);
        }
        var errors = ServiceFormRules.Validate(form, out var widgetForm);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null)
        {
            return ServiceSaveResult.Refused("", ServiceEdits.NoLongerExists);
        }
        if (!string.Equals(form.Key.Trim(), service.Key, StringComparison.Ordinal))
        {
            errors[nameof(ServiceForm.Key)] = [$"The key stays '{service.Key}': the API and consumers' pages use it. Create a new service for a new key."];
        }
        await CheckCatalogueAsync(db, form, service.RequiredSkills.Select(s => s.Skill), errors, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var before = Snapshot(service);
        var (schedule, capacity, skills) = (service.Schedule, service.Capacity, service.Requirements.ToList());
        form.ApplyTo(service, widgetForm);
        audit.Record(db, actor, AuditAreas.Services, AuditActions.Updated, service.Key, before, Snapshot(service), service.Id);
        if (!await ServiceEdits.TrySaveAsync(db, service, form.Version, ct))
        {
            return ServiceSaveResult.Refused("", ServiceEdits.ChangedMeanwhile);
        }
        var routingChanged = !SameJson(schedule, service.Schedule) || !SameJson(capacity, service.Capacity) || !skills.SequenceEqual(service.Requirements);
        Announce(service, dispatch: routingChanged);
        return new(service.Id, errors);
    }

    /// <summary>Pauses with a reason; returns why it could not be done, or null.</summary>
    public Task<string?> PauseAsync(PortalActor actor, Guid serviceId, string? reason, CancellationToken ct) =>
        ControlAsync(() => control.PauseAsync(actor, serviceId, reason, ct));

    /// <summary>Resumes; returns why it could not be done, or null.</summary>
    public Task<string?> ResumeAsync(PortalActor actor, Guid serviceId, CancellationToken ct) =>
        ControlAsync(() => control.ResumeAsync(actor, serviceId, ct));

    private static async Task<string?> ControlAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException e)
        {
            return e.Errors?.Values.SelectMany(m => m).FirstOrDefault() ?? e.Message;
        }
    }

    private void Announce(CallbackService service, bool dispatch)
    {
        cors.Forget(service.Key);
        events.Publish(new EngineEvent(EngineEventKind.ServiceChanged, service.Id, null, null));
        if (dispatch)
        {
            triggers.Dispatch();
        }
    }

    private static ServiceOpenState StateOf(CallbackService service, DateTimeOffset now)
    {
        if (service.Paused)
        {
            return ServiceOpenState.Paused;
        }
        if (OfficeHours.FindZone(service.Schedule.TimeZone) is null)
        {
            return ServiceOpenState.UnknownZone;
        }
        return new OfficeHours(service.Schedule).IsOpen(now) ? ServiceOpenState.Open : ServiceOpenState.Closed;
    }

    private async Task<bool> KeyExistsAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallbackServices.AnyAsync(s => s.Key == key, ct);
    }

    private static string KeyTaken(string key, string owner) => $"The key '{key}' is taken by {owner}: keys are unique.";
}
