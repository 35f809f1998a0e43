using CallbackPortal.Services;
using CallbackPortal.Tests.Services;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The capacity grid's arithmetic: rows shown, cells stored only when they differ, dated ranges in and out, a new slot length.</summary>
public sealed class ServicesCapacityGridTests
{
    [Fact]
    public void RowsRunFromTheWeeksFirstOpeningToItsLastClosingOrTheWholeDay()
    {
        var plan = new CapacityPlan { SlotMinutes = 60 };
        var schedule = new ServiceSchedule
        {
            Weekly = [new(DayOfWeek.Monday, At.Time("09:30"), At.Time("12:00")), new(DayOfWeek.Friday, At.Time("14:00"), At.Time("16:00"))],
        };

        Assert.Equal(["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"], CapacityGrid.Rows(plan, schedule, wholeDay: false).Select(Text));
        Assert.Equal(24, CapacityGrid.Rows(plan, schedule, wholeDay: true).Count);
        Assert.Equal(24, CapacityGrid.Rows(plan, new ServiceSchedule(), wholeDay: false).Count);
        Assert.True(CapacityGrid.IsOpen(schedule, DayOfWeek.Monday, At.Time("10:00"), 60));
        Assert.False(CapacityGrid.IsOpen(schedule, DayOfWeek.Monday, At.Time("09:00"), 60));
        Assert.False(CapacityGrid.IsOpen(schedule, DayOfWeek.Tuesday, At.Time("10:00"), 60));
    }

    [Fact]
    public void ACellKeepsAnEntryOnlyWhileItDiffersFromTheDefault()
    {
        var plan = new CapacityPlan { DefaultCapacity = 10 };

        CapacityGrid.SetCapacity(plan, DayOfWeek.Monday, At.Time("09:00"), 4);
        CapacityGrid.SetCapacity(plan, DayOfWeek.Monday, At.Time("09:00"), 6);
        var changed = CapacityGrid.CapacityAt(plan, DayOfWeek.Monday, At.Time("09:00"));
        CapacityGrid.SetCapacity(plan, DayOfWeek.Monday, At.Time("09:00"), 10);

        Assert.Equal(6, changed);
        Assert.Empty(plan.WeeklyOverrides);
        Assert.Equal(10, CapacityGrid.CapacityAt(plan, DayOfWeek.Monday, At.Time("09:00")));
    }

    [Fact]
    public void ADatedRangeBecomesOneEntryPerSlotAndIsListedAndRemovedAsARange()
    {
        var plan = new CapacityPlan { SlotMinutes = 30 };

        Assert.Null(CapacityGrid.AddDatedRange(plan, At.Date("2026-12-24"), At.Time("09:10"), At.Time("11:00"), 0));
        Assert.Null(CapacityGrid.AddDatedRange(plan, At.Date("2026-12-24"), At.Time("10:00"), At.Time("10:30"), 3));
        Assert.Null(CapacityGrid.AddDatedRange(plan, At.Date("2026-12-31"), At.Time("23:00"), TimeOnly.MinValue, 1));
        var refused = CapacityGrid.AddDatedRange(plan, At.Date("2026-12-31"), At.Time("12:00"), At.Time("11:00"), 1);

        Assert.Equal(
            ["2026-12-24 09:00–10:00 0 (2)", "2026-12-24 10:00–10:30 3 (1)", "2026-12-24 10:30–11:00 0 (1)", "2026-12-31 23:00–00:00 1 (2)"],
            CapacityGrid.DatedRanges(plan).Select(r => $"{r.Date:yyyy-MM-dd} {Text(r.Start)}–{Text(r.End)} {r.Capacity} ({r.Slots})"));
        Assert.NotNull(refused);
        Assert.Empty(CapacityPlan.Problems(plan));

        CapacityGrid.RemoveDatedRange(plan, CapacityGrid.DatedRanges(plan)[0]);
        Assert.Equal(4, plan.DatedExceptions.Count);
    }

    [Fact]
    public void ANewSlotLengthDropsTheEntriesOffItsGrid()
    {
        var plan = new CapacityPlan { SlotMinutes = 15 };
        CapacityGrid.SetCapacity(plan, DayOfWeek.Monday, At.Time("09:00"), 5);
        CapacityGrid.SetCapacity(plan, DayOfWeek.Monday, At.Time("09:15"), 5);
        CapacityGrid.AddDatedRange(plan, At.Date("2026-12-24"), At.Time("09:00"), At.Time("10:00"), 0);

        var dropped = CapacityGrid.ChangeSlotLength(plan, 30);

        Assert.Equal(1 + 2, dropped);
        Assert.Empty(CapacityPlan.Problems(plan));
        Assert.Equal(["09:00", "09:30"], plan.DatedExceptions.Select(e => Text(e.SlotStart)));
    }

    private static string Text(TimeOnly time) => time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
