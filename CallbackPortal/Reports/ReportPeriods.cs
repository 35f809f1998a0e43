using System.Globalization;

namespace CallbackPortal.Reports;

/// <summary>The date presets the reports page offers, as UTC day ranges, and how its numbers read.</summary>
public static class ReportPeriods
{
    public const string Custom = "Custom range";

    public static readonly IReadOnlyList<string> Names = ["Today", "Yesterday", "Last 7 days", "Last 30 days", "This month", "Last month", Custom];

    /// <summary>The days a preset covers; null for <see cref="Custom"/> (or an unknown name).</summary>
    public static (DateOnly From, DateOnly To)? Range(string name, DateOnly today) => name switch
    {
        "Today" => (today, today),
        "Yesterday" => (today.AddDays(-1), today.AddDays(-1)),
        "Last 7 days" => (today.AddDays(-6), today),
        "Last 30 days" => (today.AddDays(-29), today),
        "This month" => (new DateOnly(today.Year, today.Month, 1), today),
        "Last month" => (new DateOnly(today.Year, today.Month, 1).AddMonths(-1), new DateOnly(today.Year, today.Month, 1).AddDays(-1)),
        _ => null,
    };

    /// <summary>A wait as minutes and seconds ("1:47", "1:02:05"); a dash when there is none.</summary>
    public static string Wait(double? seconds)
    {
        if (seconds is not { } value)
        {
            return "—";
        }
        var span = TimeSpan.FromSeconds(Math.Round(value));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
    }

    public static string Percent(double? share) => share is { } value ? value.ToString("0%", CultureInfo.InvariantCulture) : "—";

    public static string Ratio(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
}
