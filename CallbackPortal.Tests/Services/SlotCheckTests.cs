using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

public sealed class SlotCheckTests
{
    private const int Horizon = 30;

    // Wednesday 2026-03-04 10:07 in New York.
    private static readonly DateTimeOffset now = At.Instant("2026-03-04T10:07-05:00");

    private static SlotCalendar Calendar(int slotMinutes = 15, int capacity = 100) =>
        new(new OfficeHours(ServiceSchedule.Default("America/New_York")), new CapacityPlan { SlotMinutes = slotMinutes, DefaultCapacity = capacity });

    [Theory]
    [InlineData("2026-03-05T10:20-05:00", 15, 0, SlotOutcome.Ok, "2026-03-05T10:15-05:00")]
    [InlineData("2026-03-04T10:07-05:00", 15, 0, SlotOutcome.Ok, "2026-03-04T10:00-05:00")] // now, in the slot under way
    [InlineData("2026-03-04T10:06:59-05:00", 15, 0, SlotOutcome.InPast, "2026-03-04T10:00-05:00")]
    [InlineData("2026-02-28T10:00-05:00", 15, 0, SlotOutcome.InPast, "2026-02-28T10:00-05:00")] // a past Saturday is past first
    [InlineData("2026-03-07T10:00-05:00", 15, 0, SlotOutcome.Closed, "2026-03-07T10:00-05:00")] // Saturday
    [InlineData("2026-03-05T17:00-05:00", 15, 0, SlotOutcome.Closed, "2026-03-05T17:00-05:00")]
    [InlineData("2026-03-05T16:59-05:00", 15, 0, SlotOutcome.Ok, "2026-03-05T16:45-05:00")]
    [InlineData("2026-03-05T16:50-05:00", 120, 0, SlotOutcome.Closed, "2026-03-05T16:00-05:00")] // 16–18 reaches past 17:00
    [InlineData("2026-03-05T09:30-05:00", 120, 0, SlotOutcome.Closed, "2026-03-05T08:00-05:00")] // 08–10 starts before 09:00
    [InlineData("2026-03-05T10:30-05:00", 120, 0, SlotOutcome.Ok, "2026-03-05T10:00-05:00")]
    [InlineData("2026-03-05T10:20-05:00", 15, 99, SlotOutcome.Ok, "2026-03-05T10:15-05:00")]
    [InlineData("2026-03-05T10:20-05:00", 15, 100, SlotOutcome.Full, "2026-03-05T10:15-05:00")]
    [InlineData("2026-03-05T10:20-05:00", 15, 140, SlotOutcome.Full, "2026-03-05T10:15-05:00")]
    public void ADesiredTimeIsJudgedInTheOrderPastHorizonClosedFull(
        string desired, int slotMinutes, int booked, SlotOutcome outcome, string slotStart)
    {
        var verdict = Calendar(slotMinutes).Check(At.Instant(desired), now, Horizon, booked);

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(At.Instant(slotStart), verdict.SlotStart);
        Assert.Equal(outcome == SlotOutcome.Ok, verdict.IsOk);
    }

    [Fact]
    public void TheHorizonEndsExactlyThirtyDaysAfterNow()
    {
        var calendar = Calendar();
        var edge = now.AddDays(Horizon); // Friday 2026-04-03 11:07 EDT, open

        Assert.Equal(SlotOutcome.Ok, calendar.Check(edge, now, Horizon, 0).Outcome);
        Assert.Equal(SlotOutcome.OutsideHorizon, calendar.Check(edge.AddSeconds(1), now, Horizon, 0).Outcome);
        Assert.Equal(SlotOutcome.OutsideHorizon, calendar.Check(edge.AddDays(1), now, Horizon, 0).Outcome);
    }

    [Fact]
    public void AHorizonOfZeroDaysAcceptsOnlyNow()
    {
        var calendar = Calendar();

        Assert.Equal(SlotOutcome.Ok, calendar.Check(now, now, 0, 0).Outcome);
        Assert.Equal(SlotOutcome.OutsideHorizon, calendar.Check(now.AddMinutes(1), now, 0, 0).Outcome);
    }

    [Fact]
    public void ASlotWithNoCapacityIsFullEvenWithoutBookings()
    {
        var verdict = Calendar(capacity: 0).Check(At.Instant("2026-03-05T10:20-05:00"), now, Horizon, 0);

        Assert.Equal(SlotOutcome.Full, verdict.Outcome);
    }

    [Theory]
    [InlineData("2026-03-05T10:20-05:00", 3, "The slot starting 2026-03-05 10:15 (America/New_York) has 97 of 100 places free.")]
    [InlineData("2026-03-05T10:20-05:00", 100, "The slot starting 2026-03-05 10:15 (America/New_York) is full: 100 booked of 100.")]
    [InlineData("2026-03-07T10:00-05:00", 0, "The slot starting 2026-03-07 10:00 (America/New_York) is not within office hours.")]
    [InlineData("2026-04-09T10:00-04:00", 0, "The desired time 2026-04-09 10:00 (America/New_York) is more than 30 days ahead.")]
    [InlineData("2026-03-04T15:00Z", 0, "The desired time 2026-03-04 10:00 (America/New_York) has passed.")]
    public void TheVerdictExplainsItselfInTheServicesLocalTime(string desired, int booked, string explanation)
    {
        Assert.Equal(explanation, Calendar().Check(At.Instant(desired), now, Horizon, booked).Explanation);
    }

    [Fact]
    public void ADesiredTimeRightAfterTheSpringForwardGapFallsInTheSlotThatStartsAfterIt()
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = "America/New_York",
            Weekly = [new(DayOfWeek.Sunday, TimeOnly.MinValue, At.Time("06:00"))],
        };
        var calendar = new SlotCalendar(new OfficeHours(schedule), new CapacityPlan { SlotMinutes = 60 });

        var verdict = calendar.Check(At.Instant("2026-03-08T03:10-04:00"), At.Instant("2026-03-07T12:00-05:00"), Horizon, 0);

        Assert.Equal(SlotOutcome.Ok, verdict.Outcome);
        Assert.Equal(At.Instant("2026-03-08T07:00Z"), verdict.SlotStart);
    }

    [Fact]
    public void NegativeBookingsOrHorizonAreRefused()
    {
        var calendar = Calendar();

        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Check(now, now, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.Check(now, now, Horizon, -1));
    }
}
