using CallbackPortal.Services;

namespace CallbackPortal.Tests.Services;

public sealed class WaitEstimateTests
{
    [Theory]
    [InlineData(1, 1, 180, 180)] // next in line with one agent: one handle time
    [InlineData(5, 2, 180, 450)]
    [InlineData(3, 2, 100, 150)]
    [InlineData(1, 3, 100, 34)] // 33.3 rounds up
    [InlineData(2, 3, 100, 67)]
    [InlineData(15, 1, 16.6, 249)] // 15 × 16.6 is 249.00000000000003 in floating point: still 249
    [InlineData(4, 1, 0, 0)]
    public void TheEstimateIsTheRoundedUpShareOfTheQueueAheadPerAgent(int position, int agents, double handle, int expected)
    {
        Assert.Equal(expected, WaitEstimate.EstimateSeconds(position, agents, handle));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public void TheEstimateIsUnknownWhenNoEligibleAgentIsLoggedIn(int position)
    {
        Assert.Equal(-1, WaitEstimate.EstimateSeconds(position, 0, 180));
        Assert.Equal(WaitEstimate.Unknown, WaitEstimate.EstimateSeconds(position, 0, 180));
    }

    [Fact]
    public void AnEnormousEstimateStopsAtTheLargestInteger()
    {
        Assert.Equal(int.MaxValue, WaitEstimate.EstimateSeconds(int.MaxValue, 1, 1e9));
    }

    [Theory]
    [InlineData(0, 1, 180)]
    [InlineData(-3, 1, 180)]
    [InlineData(1, -1, 180)]
    [InlineData(1, 1, -5)]
    [InlineData(1, 1, double.NaN)]
    [InlineData(1, 1, double.PositiveInfinity)]
    public void NonsenseInputIsRefused(int position, int agents, double handle)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WaitEstimate.EstimateSeconds(position, agents, handle));
    }

    [Theory]
    [InlineData(new double[] { 120, 240 }, 180)]
    [InlineData(new double[] { 100, 0, -20, 200 }, 150)] // non-positive values are ignored
    [InlineData(new double[] { double.NaN, 90 }, 90)]
    [InlineData(new double[] { 61.5 }, 61.5)]
    [InlineData(new double[] { }, 180)] // nothing handled yet: the fallback
    [InlineData(new double[] { 0, -1 }, 180)]
    public void TheAverageHandleTimeIsTheMeanOfThePositiveRecentTimes(double[] recent, double expected)
    {
        Assert.Equal(expected, WaitEstimate.AverageHandleSeconds(recent));
    }

    [Fact]
    public void TheFallbackCanBeChosen()
    {
        Assert.Equal(300, WaitEstimate.AverageHandleSeconds([], fallback: 300));
        Assert.Equal(60, WaitEstimate.AverageHandleSeconds([60], fallback: 300));
    }
}
