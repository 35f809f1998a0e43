using System.Globalization;

namespace CallbackPortal.Components.Pages.Live;

/// <summary>How the live dashboard writes its figures.</summary>
public static class LiveFormat
{
    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Minute(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A wait such as "45 s", "3 min 05 s" or "2 h 10 min"; "—" when nothing waits.</summary>
    public static string Wait(TimeSpan? wait) => wait switch
    {
        null => "—",
        var w when w.Value < TimeSpan.FromMinutes(1) => $"{Math.Max(0, (int)w.Value.TotalSeconds)} s",
        var w when w.Value < TimeSpan.FromHours(1) => $"{(int)w.Value.TotalMinutes} min {w.Value.Seconds:00} s",
        var w => $"{(int)w.Value.TotalHours} h {w.Value.Minutes:00} min",
    };

    /// <summary>The wait estimate; −1 means no agent with the skills is logged in.</summary>
    public static string Estimate(int seconds) => seconds < 0 ? "no agent" : Wait(TimeSpan.FromSeconds(seconds));

    public static string Share(double? share) => share is { } s ? s.ToString("P0", CultureInfo.InvariantCulture) : "—";
}
