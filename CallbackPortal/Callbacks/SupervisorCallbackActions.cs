using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>
/// A portal user's cancel, reschedule and dial now, checked on the server: the user must hold <c>callbacks.manage</c>
/// and the callback's service must be in their scope; then <see cref="CallbackActions"/> does it, naming them on the timeline.
/// Each refusal is a <see cref="DomainException"/> whose message the page shows.
/// </summary>
public sealed class SupervisorCallbackActions(IDbContextFactory<AppDbContext> dbFactory, CallbackActions actions)
{
    public const string NotPermitted = "You may look at callbacks but not change them.";

    public async Task<Callback> CancelAsync(PortalActor actor, bool mayManage, Guid id, CancellationToken ct)
    {
        await RequireAsync(actor, mayManage, id, ct);
        return await actions.CancelAsync(id, Actor.Supervisor, "cancelled in the portal", ct, actor.Name);
    }

    public async Task<Callback> DialNowAsync(PortalActor actor, bool mayManage, Guid id, CancellationToken ct)
    {
        await RequireAsync(actor, mayManage, id, ct);
        return await actions.DialNowAsync(id, actor.Name, ct);
    }

    /// <param name="localTime">The wall-clock time on the service's clock (its time zone), as the supervisor picked it.</param>
    public async Task<Callback> RescheduleAsync(PortalActor actor, bool mayManage, Guid id, DateTime localTime, CancellationToken ct)
    {
        var zone = await RequireAsync(actor, mayManage, id, ct);
        var desired = new TimeZoneRules(zone).ToInstant(localTime);
        return await actions.RescheduleAsync(id, desired, Actor.Supervisor, ct, actor.Name);
    }

    /// <returns>The time zone of the callback's service.</returns>
    private async Task<TimeZoneInfo> RequireAsync(PortalActor actor, bool mayManage, Guid id, CancellationToken ct)
    {
        if (!mayManage)
        {
            throw new DomainException("not-permitted", NotPermitted);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Callbacks.AsNoTracking().Where(c => c.Id == id)
            .Join(db.CallbackServices, c => c.ServiceId, s => s.Id, (c, s) => new { c.ServiceId, s.Schedule.TimeZone })
            .SingleOrDefaultAsync(ct) ?? throw new DomainException("not-found", "No such callback.");
        actor.RequireService(found.ServiceId);
        return OfficeHours.FindZone(found.TimeZone) ?? TimeZoneInfo.Utc;
    }
}
