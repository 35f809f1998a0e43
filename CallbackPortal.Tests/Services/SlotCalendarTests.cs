using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

public sealed class SlotCalendarTests
{
    private const string NewYork = "America/New_York";

    private static SlotCalendar Calendar(ServiceSchedule schedule, int slotMinutes = 15, Action<CapacityPlan>? configure = null)
    {
        var plan = new CapacityPlan { SlotMinutes = slotMinutes };
        configure?.Invoke(plan);
        return new SlotCalendar(new OfficeHours(schedule), plan);
    }

    [Theory]
    [InlineData(5, "2026-03-04T10:35-05:00")]
    [InlineData(10, "2026-03-04T10:30-05:00")]
    [InlineData(15, "2026-03-04T10:30-05:00")]
    [InlineData(20, "2026-03-04T10:20-05:00")]
    [InlineData(30, "2026-03-04T10:30-05:00")]
    [InlineData(60, "2026-03-04T10:00-05:00")]
    [InlineData(120, "2026-03-04T10:00-05:00")]
    public void ASlotStartsOnTheGridOfItsLengthCountedFromLocalMidnight(int slotMinutes, string expected)
    {
        var calendar = Calendar(ServiceSchedule.Default(NewYork), slotMinutes);

        var start = calendar.SlotStartOf(At.Instant("2026-03-04T10:37:20.5-05:00"));

        Assert.Equal(At.Instant(expected), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Theory]
    [InlineData("Asia/Kolkata", 60, "2026-03-04T10:37+05:30", "2026-03-04T10:00+05:30")]
    [InlineData("Asia/Kathmandu", 120, "2026-03-04T11:59+05:45", "2026-03-04T10:00+05:45")]
    [InlineData("Asia/Kathmandu", 20, "2026-03-04T00:19+05:45", "2026-03-04T00:00+05:45")]
    public void TheGridFollowsLocalTimeInZonesWithOddOffsets(string zone, int slotMinutes, string instant, string expected)
    {
        var calendar = Calendar(ServiceSchedule.AlwaysOpen(zone), slotMinutes);

        Assert.Equal(At.Instant(expected), calendar.SlotStartOf(At.Instant(instant)));
    }

    [Theory]
    [InlineData(15, "2026-03-08T07:05Z", "2026-03-08T07:00Z")] // 03:05 EDT: right after the gap
    [InlineData(120, "2026-03-08T07:30Z", "2026-03-08T07:00Z")] // the 02:00 cell starts when the clock jumps into it
    [InlineData(120, "2026-03-08T06:30Z", "2026-03-08T05:00Z")] // 01:30 EST: the 00:00 cell
    [InlineData(15, "2026-11-01T05:20Z", "2026-11-01T05:15Z")] // 01:20 EDT
    [InlineData(15, "2026-11-01T06:20Z", "2026-11-01T06:15Z")] // 01:20 EST: its own slot
    [InlineData(15, "2026-11-01T06:00Z", "2026-11-01T06:00Z")] // the fall-back instant starts a slot
    [InlineData(120, "2026-11-01T06:30Z", "2026-11-01T04:00Z")] // the repeat stays inside the 00:00 cell
    public void SlotsBendAroundClockChanges(int slotMinutes, string instant, string expected)
    {
        var calendar = Calendar(ServiceSchedule.AlwaysOpen(NewYork), slotMinutes);

        Assert.Equal(At.Instant(expected), calendar.SlotStartOf(At.Instant(instant)));
    }

    [Theory]
    [InlineData("2026-03-08", 15, 92)]
    [InlineData("2026-03-08", 120, 12)] // the 02:00 slot is an hour long, but it is there
    [InlineData("2026-11-01", 60, 25)]
    [InlineData("2026-11-01", 15, 100)]
    [InlineData("2026-11-01", 120, 12)] // the 00:00 slot lasts three hours
    [InlineData("2026-11-08", 15, 96)]
    public void ADayOfClockChangeHasAsManySlotsAsTheClockShows(string date, int slotMinutes, int count)
    {
        var calendar = Calendar(ServiceSchedule.AlwaysOpen(NewYork), slotMinutes);
        var rules = calendar.Hours.Rules;
        var day = At.Date(date);

        var slots = calendar.Slots(
            rules.ToInstant(day.ToDateTime(TimeOnly.MinValue)),
            rules.ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue)),
            _ => 0).ToList();

        Assert.Equal(count, slots.Count);
        Assert.Equal(slots.Select(s => s.UtcStart).Distinct().Count(), slots.Count);
    }

    public static TheoryData<string, string, int> ClockChangeDays()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (zone, date) in new[]
        {
            (NewYork, "2026-03-08"), (NewYork, "2026-11-01"), ("Europe/Berlin", "2026-03-29"), ("Europe/Berlin", "2026-10-25"),
        })
        {
            foreach (var minutes in CapacityPlan.AllowedSlotLengths)
            {
                data.Add(zone, date, minutes);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClockChangeDays))]
    public void EveryMinuteOfAListedSlotBelongsToThatSlot(string zone, string date, int slotMinutes)
    {
        var calendar = Calendar(ServiceSchedule.AlwaysOpen(zone), slotMinutes);
        var day = At.Date(date);
        var from = calendar.Hours.Rules.ToInstant(day.ToDateTime(TimeOnly.MinValue));
        var to = calendar.Hours.Rules.ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var starts = calendar.Slots(from, to, _ => 0).Select(s => s.UtcStart).Append(to).ToList();

        Assert.Equal(from, starts[0]);
        for (var i = 0; i + 1 < starts.Count; i++)
        {
            for (var t = starts[i]; t < starts[i + 1]; t = t.AddMinutes(1))
            {
                Assert.Equal(starts[i], calendar.SlotStartOf(t));
            }

            Assert.Equal(starts[i], calendar.SlotStartOf(starts[i + 1].AddTicks(-1)));
        }
    }

    [Fact]
    public void TheRepeatedHourListsTwoSlotsWithTheSameLocalTime()
    {
        var calendar = Calendar(ServiceSchedule.AlwaysOpen(NewYork), 60);

        var slots = calendar.Slots(At.Instant("2026-11-01T05:00Z"), At.Instant("2026-11-01T07:00Z"), _ => 0).ToList();

        Assert.Equal([At.Instant("2026-11-01T05:00Z"), At.Instant("2026-11-01T06:00Z")], slots.Select(s => s.UtcStart));
        Assert.All(slots, s => Assert.Equal(new DateTime(2026, 11, 1, 1, 0, 0), s.LocalStart));
    }

    [Theory]
    [InlineData(30, 16, "09:00")]
    [InlineData(60, 8, "09:00")]
    [InlineData(120, 3, "10:00")] // 08–10 and 16–18 reach outside 09–17
    [InlineData(20, 24, "09:00")]
    public void OnlySlotsWhollyInsideOfficeHoursAreListed(int slotMinutes, int count, string first)
    {
        var calendar = Calendar(ServiceSchedule.Default(NewYork), slotMinutes);

        var slots = calendar.Slots(At.Instant("2026-03-04T00:00-05:00"), At.Instant("2026-03-05T00:00-05:00"), _ => 0).ToList();

        Assert.Equal(count, slots.Count);
        Assert.Equal(DateTime.Parse($"2026-03-04 {first}", System.Globalization.CultureInfo.InvariantCulture), slots[0].LocalStart);
    }

    [Fact]
    public void ListingStartsAtTheFirstSlotNotYetBegunAndSkipsClosedDays()
    {
        var calendar = Calendar(ServiceSchedule.Default(NewYork));

        var slots = calendar.Slots(At.Instant("2026-03-06T16:07-05:00"), At.Instant("2026-03-09T09:31-04:00"), _ => 0).ToList();

        Assert.Equal(
            [
                At.Instant("2026-03-06T16:15-05:00"), At.Instant("2026-03-06T16:30-05:00"), At.Instant("2026-03-06T16:45-05:00"),
                At.Instant("2026-03-09T09:00-04:00"), At.Instant("2026-03-09T09:15-04:00"), At.Instant("2026-03-09T09:30-04:00"),
            ],
            slots.Select(s => s.UtcStart));
    }

    [Fact]
    public void FreePlacesAreTheCapacityLessTheBookingsAndNeverNegative()
    {
        var calendar = Calendar(ServiceSchedule.Default(NewYork), 60, plan => plan.DefaultCapacity = 3);
        var booked = new Dictionary<DateTimeOffset, int>
        {
            [At.Instant("2026-03-04T09:00-05:00")] = 1,
            [At.Instant("2026-03-04T10:00-05:00")] = 3,
            [At.Instant("2026-03-04T11:00-05:00")] = 7,
        };

        var slots = calendar.Slots(At.Instant("2026-03-04T09:00-05:00"), At.Instant("2026-03-04T13:00-05:00"), s => booked.GetValueOrDefault(s)).ToList();

        Assert.Equal([2, 0, 0, 3], slots.Select(s => s.Free));
        Assert.All(slots, s => Assert.Equal(3, s.Total));
    }

    [Theory]
    [InlineData("2026-03-09T10:00-04:00", 2)] // dated exception wins
    [InlineData("2026-03-09T10:14-04:00", 2)] // any instant of that slot
    [InlineData("2026-03-16T10:00-04:00", 5)] // weekly override on another Monday
    [InlineData("2026-03-09T10:15-04:00", 100)] // next slot: the default
    [InlineData("2026-03-10T10:00-04:00", 100)] // Tuesday: the default
    [InlineData("2026-03-09T11:00-04:00", 0)] // a negative capacity counts as none
    public void CapacityPrefersTheDatedExceptionThenTheWeeklyOverrideThenTheDefault(string slot, int capacity)
    {
        var calendar = Calendar(ServiceSchedule.Default(NewYork), 15, plan =>
        {
            plan.WeeklyOverrides.Add(new(DayOfWeek.Monday, At.Time("10:00"), 5));
            plan.WeeklyOverrides.Add(new(DayOfWeek.Monday, At.Time("11:00"), -4));
            plan.DatedExceptions.Add(new(At.Date("2026-03-09"), At.Time("10:00"), 2));
        });

        Assert.Equal(capacity, calendar.CapacityOf(At.Instant(slot)));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(15, true)]
    [InlineData(20, true)]
    [InlineData(30, true)]
    [InlineData(60, true)]
    [InlineData(120, true)]
    [InlineData(0, false)]
    [InlineData(7, false)]
    [InlineData(45, false)]
    [InlineData(240, false)]
    public void OnlyTheDomainsSlotLengthsAreAllowed(int minutes, bool allowed)
    {
        Assert.Equal(allowed, CapacityPlan.IsAllowedSlotLength(minutes));
    }

    [Fact]
    public void ACalendarWithAnUnallowedSlotLengthIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Calendar(ServiceSchedule.Default(NewYork), 45));

        Assert.Contains("45 minutes", error.Message);
    }
}
