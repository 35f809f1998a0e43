namespace CallbackPortal.Services;

/// <summary>
/// The office hours of a callback service as the administrator enters them: regular weekly ranges,
/// dated extra openings and holidays, all in wall-clock time of <see cref="TimeZone"/>.
/// A plain document (public setters, parameterless constructors, lists) so that it can be stored
/// as an owned JSON column; <see cref="OfficeHours"/> answers questions about it.
/// </summary>
/// <remarks>
/// Precedence for a date: a holiday closes the date's weekly ranges, but the date's extra openings
/// still apply. An extra opening on the same date as a holiday therefore wins: the service is open
/// during the extra opening only.
/// </remarks>
public sealed class ServiceSchedule
{
    /// <summary>IANA time zone id, for example <c>America/New_York</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Regular opening ranges; a day may have several, or none (closed).</summary>
    public List<WeeklyRange> Weekly { get; set; } = [];

    /// <summary>Openings on a given date in addition to the weekly ranges (they also win over a holiday).</summary>
    public List<DatedRange> ExtraOpenings { get; set; } = [];

    /// <summary>Dates on which the weekly ranges do not apply.</summary>
    public List<Holiday> Holidays { get; set; } = [];

    /// <summary>The domain default: Monday to Friday, 09:00 to 17:00 in <paramref name="timeZone"/>.</summary>
    public static ServiceSchedule Default(string timeZone) => new()
    {
        TimeZone = timeZone,
        Weekly =
        [
            .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(day => new WeeklyRange(day, new TimeOnly(9, 0), new TimeOnly(17, 0))),
        ],
    };

    /// <summary>Open every day around the clock (each day 00:00 to midnight).</summary>
    public static ServiceSchedule AlwaysOpen(string timeZone) => new()
    {
        TimeZone = timeZone,
        Weekly = [.. Enum.GetValues<DayOfWeek>().Select(day => new WeeklyRange(day, TimeOnly.MinValue, TimeOnly.MinValue))],
    };
}

/// <summary>
/// A regular opening on a day of the week, from <see cref="Start"/> (inclusive) to <see cref="End"/>
/// (exclusive). An <see cref="End"/> of 00:00 means midnight at the end of the day.
/// </summary>
public sealed class WeeklyRange
{
    public WeeklyRange()
    {
    }

    public WeeklyRange(DayOfWeek day, TimeOnly start, TimeOnly end)
    {
        Day = day;
        Start = start;
        End = end;
    }

    public DayOfWeek Day { get; set; }

    public TimeOnly Start { get; set; }

    /// <summary>Exclusive end; 00:00 means midnight at the end of <see cref="Day"/>.</summary>
    public TimeOnly End { get; set; }
}

/// <summary>
/// An opening on one date, in addition to the weekly ranges. <see cref="End"/> 00:00 means midnight
/// at the end of <see cref="Date"/>.
/// </summary>
public sealed class DatedRange
{
    public DatedRange()
    {
    }

    public DatedRange(DateOnly date, TimeOnly start, TimeOnly end)
    {
        Date = date;
        Start = start;
        End = end;
    }

    public DateOnly Date { get; set; }

    public TimeOnly Start { get; set; }

    /// <summary>Exclusive end; 00:00 means midnight at the end of <see cref="Date"/>.</summary>
    public TimeOnly End { get; set; }
}

/// <summary>A date on which the weekly ranges do not apply (extra openings on it still do).</summary>
public sealed class Holiday
{
    public Holiday()
    {
    }

    public Holiday(DateOnly date, string name)
    {
        Date = date;
        Name = name;
    }

    public DateOnly Date { get; set; }

    /// <summary>Shown to administrators, for example "Christmas Day".</summary>
    public string Name { get; set; } = "";
}
