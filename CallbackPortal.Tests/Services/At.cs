using System.Globalization;

namespace CallbackPortal.Tests.Services;

/// <summary>Readable instants for test tables: ISO 8601 with an offset, as in "2026-03-09T09:00-04:00".</summary>
internal static class At
{
    public static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    public static TimeOnly Time(string hhmm) => TimeOnly.Parse(hhmm, CultureInfo.InvariantCulture);
}
