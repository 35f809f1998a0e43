using System.Globalization;

namespace CallbackPortal.Services;

public sealed partial class OfficeHours
{
    private const string ZoneHint = "use an IANA id such as 'America/New_York'";

    /// <summary>
    /// What is wrong with a schedule, as sentences an administrator can act on; empty when it is fine.
    /// Reports an unknown time zone, a range whose start is not before its end (an end of 00:00 means
    /// midnight and is fine), ranges overlapping on the same day or date, and a holiday listed twice.
    /// </summary>
    public static IReadOnlyList<string> Validate(ServiceSchedule schedule) => [.. Problems(schedule).Select(p => p.Message)];

    /// <summary>
    /// The problems of <see cref="Validate"/> with the field each belongs to, so an editor can show it there:
    /// <c>TimeZone</c>, <c>Weekly.Monday</c> (one per day), <c>ExtraOpenings</c> or <c>Holidays</c>.
    /// </summary>
    public static IReadOnlyList<SettingProblem> Problems(ServiceSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problems = new List<SettingProblem>();

        if (string.IsNullOrWhiteSpace(schedule.TimeZone))
        {
            problems.Add(new(nameof(ServiceSchedule.TimeZone), $"The time zone is missing: {ZoneHint}."));
        }
        else if (FindZone(schedule.TimeZone) is null)
        {
            problems.Add(new(nameof(ServiceSchedule.TimeZone), $"Unknown time zone '{schedule.TimeZone}': {ZoneHint}."));
        }

        foreach (var day in (schedule.Weekly ?? []).GroupBy(r => r.Day).OrderBy(g => DayIndex(g.Key)))
        {
            CheckRanges($"{nameof(ServiceSchedule.Weekly)}.{day.Key}", day.Key.ToString(), [.. day.Select(r => (r.Start, r.End))], problems);
        }

        foreach (var date in (schedule.ExtraOpenings ?? []).GroupBy(r => r.Date).OrderBy(g => g.Key))
        {
            CheckRanges(nameof(ServiceSchedule.ExtraOpenings), $"Extra opening on {Format(date.Key)}", [.. date.Select(r => (r.Start, r.End))], problems);
        }

        foreach (var holiday in (schedule.Holidays ?? []).GroupBy(h => h.Date).Where(g => g.Count() > 1).OrderBy(g => g.Key))
        {
            problems.Add(new(nameof(ServiceSchedule.Holidays), $"The holiday on {Format(holiday.Key)} is listed {holiday.Count()} times."));
        }

        return problems;
    }

    /// <summary>The IANA zone with this id, or null for anything that is not one (a folder such as "America" included).</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        // On Linux a folder of the zone database throws a SecurityException; anything unreadable is no zone.
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or ArgumentException
            or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void CheckRanges(string field, string label, List<(TimeOnly Start, TimeOnly End)> ranges, List<SettingProblem> problems)
    {
        var valid = new List<(TimeOnly Start, TimeSpan End)>();
        foreach (var (start, end) in ranges)
        {
            if (end != TimeOnly.MinValue && end <= start)
            {
                problems.Add(new(field, $"{label} {Format(start, end)}: the start must be before the end (an end of 00:00 means midnight)."));
            }
            else
            {
                valid.Add((start, EndOfDayAware(end)));
            }
        }

        valid.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 0; i < valid.Count; i++)
        {
            foreach (var later in valid.Skip(i + 1).Where(r => r.Start.ToTimeSpan() < valid[i].End))
            {
                problems.Add(new(field, $"{label} {Format(valid[i].Start, valid[i].End)} overlaps {Format(later.Start, later.End)}."));
            }
        }
    }

    private static TimeSpan EndOfDayAware(TimeOnly end) => end == TimeOnly.MinValue ? TimeSpan.FromDays(1) : end.ToTimeSpan();

    /// <summary>Monday first, as administrators read a week.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(TimeOnly start, TimeOnly end) => Format(start, EndOfDayAware(end));

    private static string Format(TimeOnly start, TimeSpan end) =>
        $"{start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{(end == TimeSpan.FromDays(1) ? "00:00" : end.ToString(@"hh\:mm", CultureInfo.InvariantCulture))}";
}
