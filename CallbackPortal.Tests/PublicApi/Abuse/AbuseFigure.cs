using System.Globalization;
using System.Text;

namespace CallbackPortal.Tests.PublicApi.Abuse;

/// <summary>One refused answer, as a client sees it.</summary>
public sealed record Refusal(int Status, string? Code, string? Rule)
{
    public override string ToString() => $"{Status} {Code}" + (Rule is null || Rule == Code ? "" : $" ({Rule})");
}

/// <summary>How one abuse scenario went: what was tried, how much got through, the configured limit, and how the rest was refused.</summary>
public sealed record AbuseFigure(string Scenario, int Attempts, int GotThrough, int Limit, string LimitText, IReadOnlyList<Refusal> Refusals)
{
    public string RefusalSummary =>
        Refusals.Count == 0 ? "—" : string.Join(", ", Refusals.GroupBy(r => r.ToString()).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"));

    public static string Table(IEnumerable<AbuseFigure> figures)
    {
        var table = new StringBuilder()
            .AppendLine("| scenario | attempts | got through | configured limit | refused with |")
            .AppendLine("|---|---:|---:|---|---|");
        foreach (var f in figures)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {f.Scenario} | {f.Attempts} | {f.GotThrough} | {f.LimitText} | {f.RefusalSummary} |");
        }
        return table.ToString();
    }
}
