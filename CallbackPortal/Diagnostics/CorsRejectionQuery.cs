using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Diagnostics;

/// <summary>What the CORS rejections page filters by; every part optional. <see cref="Service"/> is a service key.</summary>
public sealed record CorsRejectionFilter(DateTimeOffset? Since = null, string? Service = null, string? Origin = null);

/// <summary>
/// Reads the browser requests refused for their origin, newest first and a page at a time, limited to the services
/// the reader may see (a limited reader sees no rejection that named no service or another one).
/// </summary>
public sealed class CorsRejectionQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxPageSize = 100;

    /// <summary>The services to filter by (those the reader may see).</summary>
    public Task<IReadOnlyList<ServiceChoice>> ServicesAsync(PortalActor actor, CancellationToken ct) => dbFactory.ServiceChoicesAsync(actor, ct);

    public async Task<DiagnosticsPage<CorsRejection>> SearchAsync(PortalActor actor, CorsRejectionFilter filter, int skip, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CorsRejections.AsNoTracking().Matching(filter.Since, filter.Service, filter.Origin).VisibleToAsync(db, actor, ct);
        var total = await rows.CountAsync(ct);
        var page = await rows.NewestFirst().Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(ct);
        return new DiagnosticsPage<CorsRejection>(page, total);
    }
}
