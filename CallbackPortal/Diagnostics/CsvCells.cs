namespace CallbackPortal.Diagnostics;

/// <summary>One CSV cell, for every export the portal offers: RFC 4180 quoting, and a cell a spreadsheet would run as a formula is defused.</summary>
public static class CsvCells
{
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var safe = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    public static string Line(params string?[] values) => string.Join(',', values.Select(Cell));
}
