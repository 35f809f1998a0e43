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
}
