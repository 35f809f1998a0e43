using CallbackPortal.Hosting;
using CallbackPortal.Lifecycle;

namespace CallbackPortal.Tests.Lifecycle;

public sealed class LifecycleOptionsTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(90, true)]
    [InlineData(3650, true)]
    [InlineData(3651, false)]
    public void TheRetentionIsOneDayToTenYearsAndAWrongValueNamesItsKey(int days, bool valid)
    {
        var result = new SectionValidator<LifecycleOptions>(LifecycleOptions.Section).Validate(null, new LifecycleOptions { LifecycleRetentionDays = days });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith($"Widget:LifecycleRetentionDays = '{days}' must be between 1 and 3650 days", Assert.Single(result.Failures!));
        }
    }

    [Fact]
    public void TheDefaultKeepsNinetyDays() => Assert.Equal(90, new LifecycleOptions().LifecycleRetentionDays);
}
