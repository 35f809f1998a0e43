using System.Globalization;
using System.Text;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>The corpus run in figures: requests per endpoint, answers per status, and the refusal codes.</summary>
public static class CorpusSummary
{
    public static string Describe(IReadOnlyList<CorpusEndpoint> endpoints, IReadOnlyList<CorpusAnswer> answers)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{answers.Count} requests to {endpoints.Count} endpoint methods ({endpoints.Select(e => e.Template).Distinct().Count()} routes).");
        text.AppendLine().AppendLine("| endpoint | requests | statuses |").AppendLine("|---|---:|---|");
        // Wrong methods are one request per route and method: one line for all of them keeps the table readable.
        foreach (var group in answers.Where(a => a.Request.Kind != "wrong method").GroupBy(a => a.Request.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} | {Histogram(group)} |");
        }
        var wrongMethods = answers.Where(a => a.Request.Kind == "wrong method").ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"| every route, with each method it does not take | {wrongMethods.Count} | {Histogram(wrongMethods)} |");
        text.AppendLine().AppendLine("| kind | requests | statuses |").AppendLine("|---|---:|---|");
        foreach (var group in answers.GroupBy(a => a.Request.Kind.StartsWith("mix", StringComparison.Ordinal) ? "mix of the others" : a.Request.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} | {Histogram(group)} |");
        }
        text.AppendLine().AppendLine("Status histogram: " + Histogram(answers));
        text.AppendLine("Codes: " + string.Join(", ", answers.Where(a => a.Code is not null).GroupBy(a => a.Code).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        return text.ToString();
    }

    private static string Histogram(IEnumerable<CorpusAnswer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "closed" : g.Key.ToString(CultureInfo.InvariantCulture))}×{g.Count()}"));
}
