using System.Globalization;
using System.Text.Json;

namespace CallbackPortal.Services;

public sealed partial class ServiceEditor
{
    /// <summary>
    /// The editor's settings of a service as the audit log compares them: plain values, and lists written the way an
    /// administrator reads them ("Monday 09:00–17:00", "Tuesday 12:00 = 5") so a change shows as a readable before → after.
    /// </summary>
    internal static object Snapshot(CallbackService s) => new
    {
        s.Key, s.Name, s.Priority, s.DefaultCountry, s.CallerId, s.Language, s.Greeting,
        Schedule = new
        {
            s.Schedule.TimeZone,
            Weekly = s.Schedule.Weekly.OrderBy(r => OfficeHours.DayIndex(r.Day)).ThenBy(r => r.Start).Select(r => $"{r.Day} {Range(r.Start, r.End)}").ToList(),
            ExtraOpenings = s.Schedule.ExtraOpenings.OrderBy(r => r.Date).ThenBy(r => r.Start).Select(r => $"{Date(r.Date)} {Range(r.Start, r.End)}").ToList(),
            Holidays = s.Schedule.Holidays.OrderBy(h => h.Date).Select(h => $"{Date(h.Date)} {h.Name}").ToList(),
        },
        Capacity = new
        {
            s.Capacity.SlotMinutes,
            s.Capacity.DefaultCapacity,
            WeeklyOverrides = s.Capacity.WeeklyOverrides.OrderBy(e => OfficeHours.DayIndex(e.Day)).ThenBy(e => e.SlotStart).Select(e => $"{e.Day} {Time(e.SlotStart)} = {e.Capacity}").ToList(),
            DatedExceptions = s.Capacity.DatedExceptions.OrderBy(e => e.Date).ThenBy(e => e.SlotStart).Select(e => $"{Date(e.Date)} {Time(e.SlotStart)} = {e.Capacity}").ToList(),
        },
        s.DialMode, s.PreviewEnabled, s.PreviewTimeoutSeconds, s.PreviewMaxRejects, s.MaxDialAttempts, s.RetryIntervalSeconds, s.MachineTreatment,
        s.RingTimeoutSeconds, s.WrapUpSeconds, s.TimeToLiveSeconds, s.SubmitBufferSeconds, s.HorizonDays, s.RejectImmediateOutsideHours,
        s.MaxQueued, s.RetentionDays, s.PushThresholdSeconds, s.ImmediateMinEwtSeconds, s.ImmediateMaxEwtSeconds,
        RequiredSkills = s.RequiredSkills.Select(r => $"{r.Skill} ≥ {r.MinLevel}").ToList(),
        Form = s.Form is null ? "stock form" : JsonSerializer.Serialize(s.Form),
    };

    private static bool SameJson<T>(T a, T b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    private static string Range(TimeOnly start, TimeOnly end) => $"{Time(start)}–{Time(end)}";

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
