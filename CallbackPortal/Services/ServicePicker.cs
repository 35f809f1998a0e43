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
        var match = list.FirstOrDefault(s => !string.IsNullOrEmpty(wanted)
            && (string.Equals(s.Key, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Id.ToString(), wanted, StringComparison.OrdinalIgnoreCase)));
        return match != default ? match.Id : list.Count > 0 ? list[0].Id : null;
    }
}
