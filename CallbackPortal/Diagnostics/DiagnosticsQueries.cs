using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Diagnostics;

/// <summary>A diagnostics row about a public API request: which service it named and which browser origin sent it.</summary>
public interface IRequestRow : IDiagnosticsRow
{
    string? Service { get; }
    string? Origin { get; }
}

/// <summary>One page of a diagnostics log, newest first, with how many rows match in all.</summary>
public sealed record DiagnosticsPage<T>(IReadOnlyList<T> Rows, int Total);

/// <summary>The filters the diagnostics logs share (period, service, origin), applied in the database.</summary>
public static class DiagnosticsQueries
{
    /// <summary>Rows since <paramref name="since"/>, of the service with key <paramref name="service"/>, from an origin containing <paramref name="origin"/>; each optional.</summary>
    public static IQueryable<T> Matching<T>(this IQueryable<T> rows, DateTimeOffset? since, string? service, string? origin) where T : class, IRequestRow
    {
        if (since is { } from)
        {
            rows = rows.Where(r => r.At >= from);
        }
        if (!string.IsNullOrWhiteSpace(service))
        {
            var key = service.Trim();
            rows = rows.Where(r => r.Service == key);
        }
        if (!string.IsNullOrWhiteSpace(origin))
        {
            var part = origin.Trim();
            rows = rows.Where(r => r.Origin != null && r.Origin.Contains(part));
        }
        return rows;
    }

    /// <summary>The rows a reader may see: a reader limited to some services sees only the rows naming one of them.</summary>
    public static async Task<IQueryable<T>> VisibleToAsync<T>(this IQueryable<T> rows, AppDbContext db, PortalActor reader, CancellationToken ct) where T : class, IRequestRow
    {
        if (!reader.Scope.IsLimited)
        {
            return rows;
        }
        var keys = await reader.Scope.Filter(db.CallbackServices).Select(s => s.Key).ToListAsync(ct);
        return rows.Where(r => r.Service != null && keys.Contains(r.Service));
    }

    public static IOrderedQueryable<T> NewestFirst<T>(this IQueryable<T> rows) where T : class, IDiagnosticsRow => rows.OrderByDescending(r => r.Id);
}
