namespace CallbackPortal.Services;

/// <summary>
/// How many scheduled callbacks a service accepts per time slot, in wall-clock time of the service's
/// zone. A plain document (public setters, parameterless constructors, lists) so that it can be stored
/// as an owned JSON column; <see cref="SlotCalendar"/> applies it.
/// </summary>
/// <remarks>
/// The capacity of a slot is the dated exception for its date and start if there is one, else the
/// weekly override for its day and start, else <see cref="DefaultCapacity"/>. Entries whose start is
/// not on the slot grid never match.
/// </remarks>
public sealed partial class CapacityPlan
{
    /// <summary>The slot lengths the domain allows, in minutes.</summary>
    public static readonly IReadOnlyList<int> AllowedSlotLengths = [5, 10, 15, 20, 30, 60, 120];

    /// <summary>Slot length in minutes (one of <see cref="AllowedSlotLengths"/>); slots start at local midnight.</summary>
    public int SlotMinutes { get; set; } = 15;

    /// <summary>Capacity of a slot that no override or exception names.</summary>
    public int DefaultCapacity { get; set; } = 100;

    /// <summary>Capacity of a slot on a day of the week (the weekly grid).</summary>
    public List<WeeklySlotCapacity> WeeklyOverrides { get; set; } = [];

    /// <summary>Capacity of a slot on one date; wins over the weekly grid.</summary>
    public List<DatedSlotCapacity> DatedExceptions { get; set; } = [];

    /// <summary>True for 5, 10, 15, 20, 30, 60 and 120 minutes.</summary>
    public static bool IsAllowedSlotLength(int minutes) => AllowedSlotLengths.Contains(minutes);
}

/// <summary>The capacity of the slot starting at <see cref="SlotStart"/> on every <see cref="Day"/>.</summary>
public sealed class WeeklySlotCapacity
{
    public WeeklySlotCapacity()
    {
    }

    public WeeklySlotCapacity(DayOfWeek day, TimeOnly slotStart, int capacity)
    {
        Day = day;
        SlotStart = slotStart;
        Capacity = capacity;
    }

    public DayOfWeek Day { get; set; }

    /// <summary>Local start of the slot, on the grid (a multiple of the slot length from midnight).</summary>
    public TimeOnly SlotStart { get; set; }

    public int Capacity { get; set; }
}

/// <summary>The capacity of the slot starting at <see cref="SlotStart"/> on <see cref="Date"/>.</summary>
public sealed class DatedSlotCapacity
{
    public DatedSlotCapacity()
    {
    }

    public DatedSlotCapacity(DateOnly date, TimeOnly slotStart, int capacity)
    {
        Date = date;
        SlotStart = slotStart;
        Capacity = capacity;
    }

    public DateOnly Date { get; set; }

    /// <summary>Local start of the slot, on the grid (a multiple of the slot length from midnight).</summary>
    public TimeOnly SlotStart { get; set; }

    public int Capacity { get; set; }
}
