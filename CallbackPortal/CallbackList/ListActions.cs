using CallbackPortal.Callbacks;

namespace CallbackPortal.CallbackList;

/// <summary>
/// The list's single-callback actions for supervisors: each checks callbacks.manage and the callback's service against
/// the reader (the page only hides what it may not offer), then goes the one way the app has (<see cref="CallbackActions"/>,
/// <see cref="CallbackIntake"/>). Refusals are <see cref="DomainException"/>s whose message the page shows.
/// </summary>
public sealed class ListActions(CallbackSearch search, CallbackActions actions, CallbackIntake intake)
{
    public async Task<Callback> CancelAsync(ListReader reader, Guid id, CancellationToken ct)
    {
        await RequireAsync(reader, id, ct);
        return await actions.CancelAsync(id, Actor.Supervisor, "cancelled in the callback list", ct, reader.Actor.Name);
    }

    public async Task<Callback> DialNowAsync(ListReader reader, Guid id, CancellationToken ct)
    {
        await RequireAsync(reader, id, ct);
        return await actions.DialNowAsync(id, reader.Actor.Name, ct);
    }

    public async Task<Callback> RescheduleAsync(ListReader reader, Guid id, DateTimeOffset when, CancellationToken ct)
    {
        await RequireAsync(reader, id, ct);
        return await actions.RescheduleAsync(id, when, Actor.Supervisor, ct, reader.Actor.Name);
    }

    /// <summary>Creates through the same path and rules as the public API; the service must be one the reader may touch.</summary>
    public async Task<CreatedCallback> CreateAsync(ListReader reader, Guid serviceId, CallbackRequest request, CancellationToken ct)
    {
        reader.RequireManage();
        reader.Actor.RequireService(serviceId);
        var key = await search.ServiceKeyAsync(serviceId, ct) ?? throw new DomainException("not-found", "No such service.");
        return await intake.CreateAsync(key, request, Actor.Supervisor, ct);
    }

    private async Task RequireAsync(ListReader reader, Guid id, CancellationToken ct)
    {
        reader.RequireManage();
        if (!(await search.RowsAsync(reader, [id], ct)).ContainsKey(id))
        {
            throw new DomainException("not-found", "No such callback (it may have been purged, or it belongs to a service you may not see).");
        }
    }
}
