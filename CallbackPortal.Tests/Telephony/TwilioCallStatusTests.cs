using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Telephony;

public class TwilioCallStatusTests
{
    [Theory]
    [InlineData("queued", CallStage.Queued)]
    [InlineData("initiated", CallStage.Queued)]
    [InlineData("ringing", CallStage.Ringing)]
    [InlineData("in-progress", CallStage.Answered)]
    [InlineData("completed", CallStage.Completed)]
    [InlineData("busy", CallStage.Busy)]
    [InlineData("no-answer", CallStage.NoAnswer)]
    [InlineData("failed", CallStage.Failed)]
    [InlineData("canceled", CallStage.Canceled)]
    public void MapsEveryCallStatus(string callStatus, CallStage stage) =>
        Assert.Equal(stage, TwilioCallStatus.ToProgress(callStatus, null, null)!.Stage);

    [Theory]
    [InlineData("human", AnsweredBy.Person)]
    [InlineData("machine_start", AnsweredBy.Machine)]
    [InlineData("machine_end_beep", AnsweredBy.Machine)]
    [InlineData("machine_end_silence", AnsweredBy.Machine)]
    [InlineData("machine_end_other", AnsweredBy.Machine)]
    [InlineData("fax", AnsweredBy.Fax)]
    [InlineData("unknown", AnsweredBy.Unknown)]
    [InlineData(null, AnsweredBy.Unknown)]
    [InlineData("something_new", AnsweredBy.Unknown)]
    public void MapsEveryAnsweredBy(string? answeredBy, AnsweredBy expected) =>
        Assert.Equal(expected, TwilioCallStatus.ToProgress("in-progress", answeredBy, null)!.AnsweredBy);

    [Theory]
    [InlineData("")]
    [InlineData("In-Progress")]
    [InlineData("answered")]
    [InlineData(null)]
    public void KnowsNoOtherStatus(string? callStatus)
    {
        Assert.Null(TwilioCallStatus.ToProgress(callStatus, null, null));
        Assert.False(TwilioCallStatus.IsKnownStatus(callStatus));
    }

    [Fact]
    public void KeepsTheDurationOfACompletedCallOnly()
    {
        Assert.Equal(42, TwilioCallStatus.ToProgress("completed", "human", 42)!.DurationSeconds);
        Assert.Null(TwilioCallStatus.ToProgress("ringing", null, 42)!.DurationSeconds);
    }

    [Fact]
    public void KeepsTheProvidersWordsAsDetail() =>
        Assert.Equal("in-progress (machine_end_beep)", TwilioCallStatus.ToProgress("in-progress", "machine_end_beep", null)!.Detail);

    [Theory]
    [InlineData("completed", true, 61)]
    [InlineData("answered", true, 61)]
    [InlineData("busy", false, null)]
    [InlineData("no-answer", false, null)]
    [InlineData("failed", false, null)]
    [InlineData("canceled", false, null)]
    public void MapsEveryDialCallStatus(string dialCallStatus, bool connected, int? duration)
    {
        var result = TwilioCallStatus.ToBridgeResult(dialCallStatus, 61);
        Assert.Equal(connected, result.Connected);
        Assert.Equal(duration, result.DurationSeconds);
        Assert.Equal($"DialCallStatus={dialCallStatus}", result.Detail);
        Assert.True(TwilioCallStatus.IsKnownDialStatus(dialCallStatus));
    }
}
