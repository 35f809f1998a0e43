using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>The row count of every table of the app's model, to show that refused requests stored nothing.</summary>
public static class StoredRows
{
    /// <summary>Tables whose purpose is to record refused requests; they are meant to grow under bad input.</summary>
    public static readonly IReadOnlyDictionary<string, string> MeantToRecordRefusals = new Dictionary<string, string>
    {
        ["ApiErrors"] = "the API error log: one row per refused API request, for the diagnostics page",
        ["CorsRejections"] = "the origins a browser was refused from, for the CORS domains page",
        ["RuleRefusalStats"] = "refusals counted per rule and day, for the reports",
        ["RateLimitCounters"] = "the rate limit's windows (PostgreSQL), counted per request whatever its answer",
    };

    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(AppDbContext db)
    {
        var tables = db.Model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Where(t => !MeantToRecordRefusals.ContainsKey(t))
            .Distinct()
            .Order();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            // Table names come from the model, not from input.
#pragma warning disable EF1003
            counts[table] = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"").SingleAsync();
#pragma warning restore EF1003
        }
        return counts;
    }

    /// <summary>"Callbacks: 3 → 5" for every table whose count changed.</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        [.. after.Where(a => before.GetValueOrDefault(a.Key) != a.Value).Select(a => $"{a.Key}: {before.GetValueOrDefault(a.Key)} → {a.Value}")];
}
