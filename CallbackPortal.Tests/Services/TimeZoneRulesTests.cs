using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

public sealed class TimeZoneRulesTests
{
    [Theory]
    [InlineData("America/New_York", "2026-03-08 02:30", "2026-03-08T07:00Z")] // gap: right after it
    [InlineData("America/New_York", "2026-03-08 02:00", "2026-03-08T07:00Z")]
    [InlineData("America/New_York", "2026-03-08 03:00", "2026-03-08T07:00Z")]
    [InlineData("America/New_York", "2026-11-01 01:30", "2026-11-01T05:30Z")] // repeated: the first one
    [InlineData("America/New_York", "2026-07-01 12:00", "2026-07-01T16:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29 02:59", "2026-03-29T01:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25 02:00", "2026-10-25T00:00Z")]
    [InlineData("Europe/Berlin", "2026-01-15 08:00", "2026-01-15T07:00Z")]
    public void AWallClockTimeIsTheFirstInstantTheClockShowsItOrLater(string zone, string local, string utc)
    {
        var rules = new TimeZoneRules(TimeZoneInfo.FindSystemTimeZoneById(zone));

        var instant = rules.ToInstant(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(At.Instant(utc), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData("2026-03-08 02:30", 0)]
    [InlineData("2026-11-01 01:30", 2)]
    [InlineData("2026-11-01 02:00", 1)]
    [InlineData("2026-06-01 12:00", 1)]
    public void ATimeOccursNeverInAGapTwiceInAnOverlapAndOtherwiseOnce(string local, int count)
    {
        var rules = new TimeZoneRules(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        var occurrences = rules.Occurrences(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(count, occurrences.Count);
        Assert.Equal(occurrences.Order(), occurrences);
    }

    [Fact]
    public void FindsTheExactInstantOfAnOffsetChange()
    {
        var rules = new TimeZoneRules(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(
            At.Instant("2026-11-01T06:00Z"),
            rules.FirstOffsetChange(At.Instant("2026-11-01T04:00Z"), At.Instant("2026-11-01T08:00Z")));
        Assert.Null(rules.FirstOffsetChange(At.Instant("2026-11-01T06:00Z"), At.Instant("2026-11-01T08:00Z")));
    }
}
