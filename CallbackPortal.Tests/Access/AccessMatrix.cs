using System.Text;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// One printed part of the access matrix: a row per target, a column per caller, each cell the outcome observed
/// ("allowed", "403", …), or "observed≠expected" where the app and the expectation disagree.
/// </summary>
public sealed class AccessMatrix(string title, IReadOnlyList<string> callers)
{
    private readonly List<(string Target, List<string> Cells)> rows = [];
    private readonly List<string> failures = [];

    /// <summary>How many (caller, target) pairs were checked.</summary>
    public int Pairs => rows.Sum(r => r.Cells.Count);

    public IReadOnlyList<string> Failures => failures;

    public void Check(string target, string caller, string expected, string observed)
    {
        var row = rows.FirstOrDefault(r => r.Target == target);
        if (row.Cells is null)
        {
            row = (target, []);
            rows.Add(row);
        }
        row.Cells.Add(observed == expected ? observed : $"{observed}≠{expected}");
        if (observed != expected)
        {
            failures.Add($"{caller} × {target}: {observed} (expected {expected})");
        }
    }

    /// <summary>The table as fixed-width text, for the test output.</summary>
    public string Render()
    {
        var targetWidth = Math.Max(6, rows.Count == 0 ? 0 : rows.Max(r => r.Target.Length));
        var widths = callers.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Cells.Count ? r.Cells[i].Length : 0))).ToList();
        var text = new StringBuilder().AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{title}: {rows.Count} targets × {callers.Count} callers = {Pairs} pairs checked");
        text.Append("target".PadRight(targetWidth)).AppendJoin("", callers.Select((c, i) => " | " + c.PadRight(widths[i]))).AppendLine();
        foreach (var (target, cells) in rows)
        {
            text.Append(target.PadRight(targetWidth)).AppendJoin("", cells.Select((c, i) => " | " + c.PadRight(widths[i]))).AppendLine();
        }
        return text.ToString();
    }

    /// <summary>Prints the table and fails with every disagreement at once.</summary>
    public void Report(ITestOutputHelper output)
    {
        output.WriteLine(Render());
        Assert.True(failures.Count == 0, $"{title}: {failures.Count} disagreements:\n" + string.Join("\n", failures));
    }
}
