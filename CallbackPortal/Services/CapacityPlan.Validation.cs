using System.Globalization;

namespace CallbackPortal.Services;

public sealed partial class CapacityPlan
{
    /// <summary>The largest capacity a slot may have (a typo of a few zeros is refused rather than believed).</summary>
    public const int MaxCapacity = 100_000;

    private const int MinutesPerDay = 24 * 60;

    /// <summary>
    /// What is wrong with a plan, with the field each problem belongs to (<c>SlotMinutes</c>, <c>DefaultCapacity</c>,
    /// <c>WeeklyOverrides</c>, <c>DatedExceptions</c>); empty when it is fine. Reports a slot length that does not
    /// divide the day or is not offered, a negative or absurd capacity, an entry whose start is not on the slot grid
    /// (it would never match) and a slot listed twice.
    /// </summary>
    public static IReadOnlyList<SettingProblem> Problems(CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<SettingProblem>();
        var offered = string.Join(", ", AllowedSlotLengths);
        if (plan.SlotMinutes <= 0 || MinutesPerDay % plan.SlotMinutes != 0)
        {
            problems.Add(new(nameof(SlotMinutes), $"A slot of {plan.SlotMinutes} minutes does not divide the day into equal slots: use one of {offered}."));
        }
        else if (!IsAllowedSlotLength(plan.SlotMinutes))
        {
            problems.Add(new(nameof(SlotMinutes), $"A slot of {plan.SlotMinutes} minutes is not offered: use one of {offered}."));
        }
        CheckCapacity(nameof(DefaultCapacity), "The default capacity", plan.DefaultCapacity, problems);

        // With a slot length that cannot be used, "not on the grid" would only repeat that problem for every entry.
        var onGrid = IsAllowedSlotLength(plan.SlotMinutes);
        var weekly = (plan.WeeklyOverrides ?? []).OrderBy(e => OfficeHours.DayIndex(e.Day)).ThenBy(e => e.SlotStart).ToList();
        foreach (var entry in weekly)
        {
            CheckEntry(nameof(WeeklyOverrides), $"{entry.Day} {Format(entry.SlotStart)}", entry.SlotStart, entry.Capacity, plan.SlotMinutes, onGrid, problems);
        }
        foreach (var twice in weekly.GroupBy(e => (e.Day, e.SlotStart)).Where(g => g.Count() > 1))
        {
            problems.Add(new(nameof(WeeklyOverrides), $"{twice.Key.Day} {Format(twice.Key.SlotStart)} is listed {twice.Count()} times."));
        }

        var dated = (plan.DatedExceptions ?? []).OrderBy(e => e.Date).ThenBy(e => e.SlotStart).ToList();
        foreach (var entry in dated)
        {
            CheckEntry(nameof(DatedExceptions), $"{Format(entry.Date)} {Format(entry.SlotStart)}", entry.SlotStart, entry.Capacity, plan.SlotMinutes, onGrid, problems);
        }
        foreach (var twice in dated.GroupBy(e => (e.Date, e.SlotStart)).Where(g => g.Count() > 1))
        {
            problems.Add(new(nameof(DatedExceptions), $"{Format(twice.Key.Date)} {Format(twice.Key.SlotStart)} is listed {twice.Count()} times."));
        }
        return problems;
    }

    /// <summary>True when <paramref name="start"/> is a multiple of <paramref name="slotMinutes"/> after midnight.</summary>
    public static bool IsOnGrid(TimeOnly start, int slotMinutes) =>
        slotMinutes > 0 && start.Second == 0 && start.Millisecond == 0 && ((start.Hour * 60) + start.Minute) % slotMinutes == 0;

    private static void CheckEntry(string field, string label, TimeOnly start, int capacity, int slotMinutes, bool checkGrid, List<SettingProblem> problems)
    {
        if (checkGrid && !IsOnGrid(start, slotMinutes))
        {
            problems.Add(new(field, $"{label} is not the start of a {slotMinutes}-minute slot, so it would never apply."));
        }
        CheckCapacity(field, label, capacity, problems);
    }

    private static void CheckCapacity(string field, string label, int capacity, List<SettingProblem> problems)
    {
        if (capacity < 0)
        {
            problems.Add(new(field, $"{label}: a capacity cannot be negative (use 0 to take no bookings)."));
        }
        else if (capacity > MaxCapacity)
        {
            problems.Add(new(field, $"{label}: a capacity of {capacity} is more than {MaxCapacity} per slot."));
        }
    }

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
