using CallbackPortal.Hosting;
using CallbackPortal.Telephony;
using CallbackPortal.Telephony.Simulator;

namespace CallbackPortal.Tests.Telephony;

public class TelephonyOptionsTests
{
    private static IReadOnlyList<string> Failures<T>(T options, string section) where T : class =>
        new SectionValidator<T>(section).Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.Empty(Failures(new TelephonyOptions(), TelephonyOptions.Section));
        Assert.Empty(Failures(new CarrierSimulatorOptions(), CarrierSimulatorOptions.Section));
    }

    [Fact]
    public void TwilioNeedsAnAccountATokenAndACallerIdAndNamesEachKey()
    {
        var failures = Failures(new TelephonyOptions { Provider = "Twilio" }, TelephonyOptions.Section);

        Assert.Contains(failures, f => f.StartsWith("Telephony:AccountSid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Telephony:AuthToken", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Telephony:CallerId", StringComparison.Ordinal));
    }

    [Fact]
    public void AFailureNeverShowsTheToken()
    {
        var options = new TelephonyOptions { Provider = "Twilio", AccountSid = "AC1", AuthToken = "s3cr3t-token", CallerId = "0800 FLOWERS" };

        var failures = Failures(options, TelephonyOptions.Section);

        Assert.Contains(failures, f => f.StartsWith("Telephony:CallerId", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("s3cr3t-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(TelephonyOptions.Provider), "Asterisk")]
    [InlineData(nameof(TelephonyOptions.BaseUrl), "api.twilio.com")]
    [InlineData(nameof(TelephonyOptions.PublicBaseUrl), "ftp://portal.example.com")]
    public void NamesTheKeyOfAWrongValue(string key, string value)
    {
        var options = new TelephonyOptions();
        typeof(TelephonyOptions).GetProperty(key)!.SetValue(options, value);

        Assert.Contains(Failures(options, TelephonyOptions.Section), f => f.StartsWith($"Telephony:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void SimulatorRatesMayNotExceedOne()
    {
        var failures = Failures(new CarrierSimulatorOptions { AnswerRate = 0.9, BusyRate = 0.2 }, CarrierSimulatorOptions.Section);

        Assert.Contains(failures, f => f.StartsWith("Telephony:Simulator:AnswerRate", StringComparison.Ordinal));
    }
}
