using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Services;

/// <summary>The services a page offers to pick from: those the acting user may see, by name.</summary>
public static class ServicePicker
{
    public static async Task<IReadOnlyList<ServiceChoice>> ServiceChoicesAsync(this IDbContextFactory<AppDbContext> dbFactory, PortalActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var services = await actor.Scope.Filter(db.CallbackServices.AsNoTracking()).OrderBy(s => s.Name).Select(s => new { s.Id, s.Key, s.Name }).ToListAsync(ct);
        return [.. services.Select(s => new ServiceChoice(s.Id, s.Key, s.Name))];
    }

    /// <summary>
    /// The service a page opens on: the one a link asked for (<c>?service=</c> its key or id, as the configuration check
    /// links), else the first. Null when there is none to show.
    /// </summary>
    public static Guid? Preselect(IEnumerable<(Guid Id, string Key)> services, string? wanted)
    {
        var list = services.ToList();
        return Match(list, wanted) ?? (list.Count > 0 ? list[0].Id : null);
    }

    /// <summary>The service a link named by key or id, if it is among <paramref name="services"/>.</summary>
    public static Guid? Match(IEnumerable<(Guid Id, string Key)> services, string? wanted) =>
        string.IsNullOrEmpty(wanted)
            ? null
            : services.Where(s => string.Equals(s.Key, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Id.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
                .Select(s => (Guid?)s.Id).FirstOrDefault();
}
