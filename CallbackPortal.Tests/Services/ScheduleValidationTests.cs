using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

public sealed class ScheduleValidationTests
{
    [Fact]
    public void TheDefaultAndAlwaysOpenSchedulesAreValid()
    {
        Assert.Empty(OfficeHours.Validate(ServiceSchedule.Default("Europe/Berlin")));
        Assert.Empty(OfficeHours.Validate(ServiceSchedule.AlwaysOpen("America/New_York")));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "Unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("", "The time zone is missing")]
    [InlineData("  ", "The time zone is missing")]
    public void AnUnknownOrMissingTimeZoneIsReported(string zone, string message)
    {
        var problem = Assert.Single(OfficeHours.Validate(ServiceSchedule.Default(zone)));

        Assert.StartsWith(message, problem);
    }

    [Theory]
    [InlineData("17:00", "09:00", "Monday 17:00–09:00: the start must be before the end (an end of 00:00 means midnight).")]
    [InlineData("09:00", "09:00", "Monday 09:00–09:00: the start must be before the end (an end of 00:00 means midnight).")]
    public void ARangeThatDoesNotStartBeforeItEndsIsReported(string start, string end, string message)
    {
        var schedule = new ServiceSchedule { Weekly = [new(DayOfWeek.Monday, At.Time(start), At.Time(end))] };

        Assert.Equal([message], OfficeHours.Validate(schedule));
    }

    [Theory]
    [InlineData("18:00", "00:00")]
    [InlineData("00:00", "00:00")]
    public void ARangeEndingAtMidnightIsValid(string start, string end)
    {
        var schedule = new ServiceSchedule { Weekly = [new(DayOfWeek.Friday, At.Time(start), At.Time(end))] };

        Assert.Empty(OfficeHours.Validate(schedule));
    }

    [Fact]
    public void OverlappingRangesOnTheSameDayAreReportedButTouchingOnesAreNot()
    {
        var schedule = new ServiceSchedule
        {
            Weekly =
            [
                new(DayOfWeek.Tuesday, At.Time("09:00"), At.Time("12:00")),
                new(DayOfWeek.Tuesday, At.Time("12:00"), At.Time("17:00")),
                new(DayOfWeek.Tuesday, At.Time("16:00"), TimeOnly.MinValue),
                new(DayOfWeek.Wednesday, At.Time("09:00"), At.Time("12:00")),
            ],
        };

        Assert.Equal(["Tuesday 12:00–17:00 overlaps 16:00–00:00."], OfficeHours.Validate(schedule));
    }

    [Fact]
    public void OverlappingExtraOpeningsOnOneDateAreReported()
    {
        var schedule = ServiceSchedule.Default("UTC");
        schedule.ExtraOpenings.Add(new(At.Date("2026-12-26"), At.Time("10:00"), At.Time("14:00")));
        schedule.ExtraOpenings.Add(new(At.Date("2026-12-26"), At.Time("09:00"), At.Time("11:00")));
        schedule.ExtraOpenings.Add(new(At.Date("2026-12-27"), At.Time("09:00"), At.Time("11:00")));

        Assert.Equal(["Extra opening on 2026-12-26 09:00–11:00 overlaps 10:00–14:00."], OfficeHours.Validate(schedule));
    }

    [Fact]
    public void AHolidayListedTwiceIsReportedOnce()
    {
        var schedule = ServiceSchedule.Default("UTC");
        schedule.Holidays.Add(new(At.Date("2026-12-25"), "Christmas Day"));
        schedule.Holidays.Add(new(At.Date("2026-12-25"), "Christmas"));
        schedule.Holidays.Add(new(At.Date("2026-12-26"), "Boxing Day"));

        Assert.Equal(["The holiday on 2026-12-25 is listed 2 times."], OfficeHours.Validate(schedule));
    }

    [Fact]
    public void EveryProblemIsReported()
    {
        var schedule = new ServiceSchedule
        {
            TimeZone = "Nowhere/Special",
            Weekly = [new(DayOfWeek.Sunday, At.Time("10:00"), At.Time("08:00"))],
            ExtraOpenings = [new(At.Date("2026-05-01"), At.Time("12:00"), At.Time("11:00"))],
            Holidays = [new(At.Date("2026-05-01"), "a"), new(At.Date("2026-05-01"), "b")],
        };

        Assert.Equal(4, OfficeHours.Validate(schedule).Count);
    }
}
