using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

public sealed class OfficeHoursTests
{
    private const string NewYork = "America/New_York";

    [Theory]
    [InlineData("2026-03-04T09:00-05:00", true)] // Wednesday, opening minute
    [InlineData("2026-03-04T08:59:59-05:00", false)]
    [InlineData("2026-03-04T16:59:59-05:00", true)]
    [InlineData("2026-03-04T17:00-05:00", false)] // the end is exclusive
    [InlineData("2026-03-04T14:00Z", true)] // 09:00 in New York, given in UTC
    [InlineData("2026-03-06T12:00-05:00", true)] // Friday
    [InlineData("2026-03-07T12:00-05:00", false)] // Saturday
    [InlineData("2026-03-01T12:00-05:00", false)] // Sunday
    public void TheDefaultScheduleIsOpenOnWeekdaysFromNineToFive(string instant, bool open)
    {
        var hours = new OfficeHours(ServiceSchedule.Default(NewYork));

        Assert.Equal(open, hours.IsOpen(At.Instant(instant)));
    }

    [Fact]
    public void AlwaysOpenIsOpenEveryMinuteAndReportsTheLongestOpenFor()
    {
        var hours = new OfficeHours(ServiceSchedule.AlwaysOpen(NewYork));

        Assert.True(hours.IsOpen(At.Instant("2026-03-08T02:30-05:00")));
        Assert.True(hours.IsOpen(At.Instant("2026-03-07T23:59:59-05:00")));
        Assert.Equal(OfficeHours.OpenForLimit, hours.OpenFor(At.Instant("2026-03-07T12:00-05:00")));
    }

    [Theory]
    [InlineData("2026-03-06T18:00-05:00", true, 8)] // Friday evening: until Saturday 02:00
    [InlineData("2026-03-06T23:00-05:00", true, 3)] // across midnight: one opening
    [InlineData("2026-03-07T01:00-05:00", true, 1)]
    [InlineData("2026-03-07T02:00-05:00", false, 0)]
    [InlineData("2026-03-06T17:59-05:00", false, 0)]
    public void AnEveningRangeEndingAtMidnightJoinsTheNextMorning(string instant, bool open, int hoursLeft)
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = NewYork,
            Weekly =
            [
                new(DayOfWeek.Friday, At.Time("18:00"), TimeOnly.MinValue),
                new(DayOfWeek.Saturday, TimeOnly.MinValue, At.Time("02:00")),
            ],
        };
        var hours = new OfficeHours(schedule);

        Assert.Equal(open, hours.IsOpen(At.Instant(instant)));
        Assert.Equal(open ? TimeSpan.FromHours(hoursLeft) : null, hours.OpenFor(At.Instant(instant)));
    }

    [Theory]
    [InlineData("2026-03-04T11:00-05:00", 6)] // 09–12 touches 12–17: one opening
    [InlineData("2026-03-04T12:00-05:00", 5)]
    [InlineData("2026-03-04T16:30-05:00", 0.5)]
    public void OpenForCountsTouchingRangesAsOneOpening(string instant, double hoursLeft)
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = NewYork,
            Weekly =
            [
                new(DayOfWeek.Wednesday, At.Time("12:00"), At.Time("17:00")),
                new(DayOfWeek.Wednesday, At.Time("09:00"), At.Time("12:00")),
            ],
        };

        Assert.Equal(TimeSpan.FromHours(hoursLeft), new OfficeHours(schedule).OpenFor(At.Instant(instant)));
    }

    [Fact]
    public void OpenForIsNullWhileClosed()
    {
        var hours = new OfficeHours(ServiceSchedule.Default(NewYork));

        Assert.Null(hours.OpenFor(At.Instant("2026-03-07T12:00-05:00")));
    }

    [Theory]
    [InlineData("2026-12-24T10:00-05:00", true)] // holiday with an extra opening 09–12: the extra opening wins
    [InlineData("2026-12-24T13:00-05:00", false)] // but the weekly hours of the holiday do not apply
    [InlineData("2026-12-25T10:00-05:00", false)] // a plain holiday on a Friday
    [InlineData("2026-12-26T11:00-05:00", true)] // an extra opening on a Saturday
    [InlineData("2026-12-26T14:00-05:00", false)]
    [InlineData("2026-12-28T10:00-05:00", true)] // the Monday after is a normal day
    public void HolidaysCloseTheWeeklyHoursAndExtraOpeningsStillOpen(string instant, bool open)
    {
        var schedule = ServiceSchedule.Default(NewYork);
        schedule.Holidays.Add(new(At.Date("2026-12-24"), "Christmas Eve"));
        schedule.Holidays.Add(new(At.Date("2026-12-25"), "Christmas Day"));
        schedule.ExtraOpenings.Add(new(At.Date("2026-12-24"), At.Time("09:00"), At.Time("12:00")));
        schedule.ExtraOpenings.Add(new(At.Date("2026-12-26"), At.Time("10:00"), At.Time("14:00")));

        Assert.Equal(open, new OfficeHours(schedule).IsOpen(At.Instant(instant)));
    }

    [Fact]
    public void NextOpeningAfterFridayCloseSkipsALongWeekendToTuesdayMorning()
    {
        var schedule = ServiceSchedule.Default(NewYork);
        schedule.Holidays.Add(new(At.Date("2026-09-07"), "Labor Day"));
        var hours = new OfficeHours(schedule);

        var next = hours.NextOpening(At.Instant("2026-09-04T17:00-04:00"), TimeSpan.FromDays(7));

        Assert.Equal(At.Instant("2026-09-08T09:00-04:00"), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void NextOpeningIsNullWhenItDoesNotOpenWithinTheSearchLimit()
    {
        var schedule = ServiceSchedule.Default(NewYork);
        schedule.Holidays.Add(new(At.Date("2026-09-07"), "Labor Day"));
        var hours = new OfficeHours(schedule);

        Assert.Null(hours.NextOpening(At.Instant("2026-09-04T17:00-04:00"), TimeSpan.FromDays(3)));
        Assert.Equal(
            At.Instant("2026-09-08T09:00-04:00"),
            hours.NextOpening(At.Instant("2026-09-04T17:00-04:00"), TimeSpan.FromHours(88)));
    }

    [Fact]
    public void NextOpeningIsTheStartingInstantWhenAlreadyOpen()
    {
        var hours = new OfficeHours(ServiceSchedule.Default(NewYork));
        var from = At.Instant("2026-03-04T10:15-05:00");

        Assert.Equal(from, hours.NextOpening(from, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void NextOpeningRefusesANegativeOrHugeSearchLimit()
    {
        var hours = new OfficeHours(ServiceSchedule.Default(NewYork));
        var from = At.Instant("2026-03-04T10:15-05:00");

        Assert.Throws<ArgumentOutOfRangeException>(() => hours.NextOpening(from, TimeSpan.FromMinutes(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => hours.NextOpening(from, TimeSpan.MaxValue));
    }

    [Fact]
    public void OpenIntervalsListsAWeekOfDefaultHoursInUtc()
    {
        var hours = new OfficeHours(ServiceSchedule.Default(NewYork));

        var intervals = hours.OpenIntervals(At.Instant("2026-03-01T00:00-05:00"), At.Instant("2026-03-08T00:00-05:00")).ToList();

        Assert.Equal(5, intervals.Count);
        Assert.Equal((At.Instant("2026-03-02T14:00Z"), At.Instant("2026-03-02T22:00Z")), intervals[0]);
        Assert.All(intervals, i => Assert.Equal(TimeSpan.FromHours(8), i.End - i.Start));
        Assert.All(intervals, i => Assert.Equal(TimeSpan.Zero, i.Start.Offset));
    }

    [Fact]
    public void OpenIntervalsAreCutToTheWindowAndMergedAcrossMidnight()
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = NewYork,
            Weekly =
            [
                new(DayOfWeek.Friday, At.Time("18:00"), TimeOnly.MinValue),
                new(DayOfWeek.Saturday, TimeOnly.MinValue, At.Time("02:00")),
            ],
        };

        var intervals = new OfficeHours(schedule)
            .OpenIntervals(At.Instant("2026-03-06T20:00-05:00"), At.Instant("2026-03-07T01:00-05:00"))
            .ToList();

        Assert.Equal([(At.Instant("2026-03-06T20:00-05:00"), At.Instant("2026-03-07T01:00-05:00"))], intervals);
    }

    [Fact]
    public void AnUnknownTimeZoneIsRefusedWithItsName()
    {
        var error = Assert.Throws<ArgumentException>(() => new OfficeHours(ServiceSchedule.Default("Mars/Olympus_Mons")));

        Assert.Contains("Mars/Olympus_Mons", error.Message);
    }

    [Fact]
    public void LaterEditsOfTheScheduleDoNotChangeTheAnswers()
    {
        var schedule = ServiceSchedule.Default(NewYork);
        var hours = new OfficeHours(schedule);

        schedule.Weekly.Clear();

        Assert.True(hours.IsOpen(At.Instant("2026-03-04T10:00-05:00")));
    }
}
