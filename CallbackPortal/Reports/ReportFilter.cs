namespace CallbackPortal.Reports;

public enum ReportGranularity
{
    Day,
    Hour,
}

/// <summary>
/// What a report covers: UTC days <paramref name="From"/> to <paramref name="To"/> inclusive, some services (none named:
/// every service the reader may see), by day or by hour.
/// </summary>
public sealed record ReportFilter(DateOnly From, DateOnly To, IReadOnlyList<Guid>? Services = null, ReportGranularity Granularity = ReportGranularity.Day)
{
    public const int MaxDays = 3_660;
    public const int MaxHourlyDays = 31;

    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the range.</summary>
    public DateTimeOffset End => new(To.ToDateTime(TimeOnly.MinValue).AddDays(1), TimeSpan.Zero);

    /// <summary>Why the range cannot be reported on, in words for the page; null when it can.</summary>
    public string? Problem()
    {
        if (To < From)
        {
            return $"The range ends ({To:yyyy-MM-dd}) before it starts ({From:yyyy-MM-dd}); choose an end date on or after the start date.";
        }
        if (From.Year < 2000 || To.Year > 2999)
        {
            return "Choose dates between the years 2000 and 2999.";
        }
        var days = To.DayNumber - From.DayNumber + 1;
        if (days > MaxDays)
        {
            return $"The range covers {days:N0} days; reports cover at most {MaxDays:N0} days (about ten years).";
        }
        if (Granularity == ReportGranularity.Hour && days > MaxHourlyDays)
        {
            return $"An hourly report covers at most {MaxHourlyDays} days ({days} chosen); choose a shorter range or daily rows.";
        }
        return null;
    }
}
