using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

/// <summary>
/// New York springs forward on 2026-03-08 (02:00 EST → 03:00 EDT) and falls back on 2026-11-01
/// (02:00 EDT → 01:00 EST); Berlin on 2026-03-29 (02:00 CET → 03:00 CEST) and 2026-10-25
/// (03:00 CEST → 02:00 CET).
/// </summary>
public sealed class OfficeHoursDaylightSavingTests
{
    [Theory]
    [InlineData("America/New_York", "2026-03-07T12:00-05:00", "2026-03-09T13:00Z")]
    [InlineData("America/New_York", "2026-10-31T12:00-04:00", "2026-11-02T14:00Z")]
    [InlineData("Europe/Berlin", "2026-03-28T12:00+01:00", "2026-03-30T07:00Z")]
    [InlineData("Europe/Berlin", "2026-10-24T12:00+02:00", "2026-10-26T08:00Z")]
    public void OpensAtNineLocalTimeOnTheMondayAfterAClockChange(string zone, string saturdayNoon, string mondayNineUtc)
    {
        var hours = new OfficeHours(ServiceSchedule.Default(zone));

        Assert.Equal(At.Instant(mondayNineUtc), hours.NextOpening(At.Instant(saturdayNoon), TimeSpan.FromDays(3)));
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-08", 23)]
    [InlineData("America/New_York", "2026-11-01", 25)]
    [InlineData("America/New_York", "2026-11-08", 24)]
    [InlineData("Europe/Berlin", "2026-03-29", 23)]
    [InlineData("Europe/Berlin", "2026-10-25", 25)]
    public void AWholeDayOpeningLastsAsLongAsTheDayReallyIs(string zone, string sunday, int hoursLong)
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = zone,
            Weekly = [new(DayOfWeek.Sunday, TimeOnly.MinValue, TimeOnly.MinValue)],
        };
        var hours = new OfficeHours(schedule);
        var rules = hours.Rules;
        var date = At.Date(sunday);

        var intervals = hours.OpenIntervals(
            rules.ToInstant(date.ToDateTime(TimeOnly.MinValue)).AddHours(-6),
            rules.ToInstant(date.AddDays(1).ToDateTime(TimeOnly.MinValue)).AddHours(6)).ToList();

        var single = Assert.Single(intervals);
        Assert.Equal(TimeSpan.FromHours(hoursLong), single.End - single.Start);
    }

    [Theory]
    [InlineData("America/New_York", "02:30", "04:00", "2026-03-08T07:00Z", "2026-03-08T08:00Z")]
    [InlineData("Europe/Berlin", "02:15", "05:00", "2026-03-29T01:00Z", "2026-03-29T03:00Z")]
    public void AnOpeningInsideTheSpringForwardGapStartsRightAfterTheGap(
        string zone, string start, string end, string expectedStart, string expectedEnd)
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = zone,
            Weekly = [new(DayOfWeek.Sunday, At.Time(start), At.Time(end))],
        };
        var hours = new OfficeHours(schedule);
        var opening = At.Instant(expectedStart);

        Assert.False(hours.IsOpen(opening.AddTicks(-1)));
        Assert.True(hours.IsOpen(opening));
        Assert.Equal(opening, hours.NextOpening(opening.AddHours(-12), TimeSpan.FromDays(1)));
        Assert.Equal(At.Instant(expectedEnd) - opening, hours.OpenFor(opening));
    }

    [Theory]
    [InlineData("America/New_York", "01:30", "03:00", "2026-11-01T05:30Z", "2026-11-01T08:00Z")]
    [InlineData("Europe/Berlin", "02:30", "04:00", "2026-10-25T00:30Z", "2026-10-25T03:00Z")]
    public void AnOpeningAtARepeatedTimeStartsAtItsFirstOccurrence(
        string zone, string start, string end, string expectedStart, string expectedEnd)
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = zone,
            Weekly = [new(DayOfWeek.Sunday, At.Time(start), At.Time(end))],
        };
        var hours = new OfficeHours(schedule);

        var intervals = hours.OpenIntervals(At.Instant(expectedStart).AddHours(-3), At.Instant(expectedEnd).AddHours(3));

        Assert.Equal([(At.Instant(expectedStart), At.Instant(expectedEnd))], intervals);
    }

    [Fact]
    public void ARangeLyingWhollyInTheGapOpensNothingThatNightButDoesTheWeekAfter()
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = "America/New_York",
            Weekly = [new(DayOfWeek.Sunday, At.Time("02:00"), At.Time("02:45"))],
        };
        var hours = new OfficeHours(schedule);

        Assert.Empty(hours.OpenIntervals(At.Instant("2026-03-08T00:00-05:00"), At.Instant("2026-03-09T00:00-04:00")));
        Assert.Equal(
            At.Instant("2026-03-15T02:00-04:00"),
            hours.NextOpening(At.Instant("2026-03-08T00:00-05:00"), TimeSpan.FromDays(8)));
    }

    [Fact]
    public void OpenForAcrossMidnightIntoTheSpringForwardNightCountsRealTime()
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = "America/New_York",
            Weekly =
            [
                new(DayOfWeek.Saturday, At.Time("22:00"), TimeOnly.MinValue),
                new(DayOfWeek.Sunday, TimeOnly.MinValue, At.Time("04:00")),
            ],
        };

        // 22:00 EST to 04:00 EDT: six hours on the wall clock, five in reality.
        Assert.Equal(TimeSpan.FromHours(5), new OfficeHours(schedule).OpenFor(At.Instant("2026-03-07T22:00-05:00")));
    }

    [Theory]
    [InlineData("2026-11-01T05:59Z", true)] // 01:59 EDT
    [InlineData("2026-11-01T06:30Z", true)] // 01:30 EST, the repeated hour
    [InlineData("2026-11-01T06:59Z", true)] // 01:59 EST
    [InlineData("2026-11-01T07:00Z", false)] // 02:00 EST
    public void TheRepeatedHourIsOpenWhenTheRangeCoversItsWallClockTimes(string instant, bool open)
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = "America/New_York",
            Weekly = [new(DayOfWeek.Sunday, TimeOnly.MinValue, At.Time("02:00"))],
        };

        Assert.Equal(open, new OfficeHours(schedule).IsOpen(At.Instant(instant)));
    }
}
