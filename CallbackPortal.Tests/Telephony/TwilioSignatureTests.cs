using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.Telephony;

public class TwilioSignatureTests
{
    // The vector published with Twilio's own helper libraries (request validator tests).
    private const string Token = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly KeyValuePair<string, string>[] Parameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    [Fact]
    public void ComputesTwiliosPublishedSignature() =>
        Assert.Equal(Expected, TwilioSignature.Compute(Token, Url, Parameters));

    [Fact]
    public void SortsRepeatedParametersByValue()
    {
        KeyValuePair<string, string>[] repeated = [new("Sid", "CA123"), new("SidAccount", "AC123"), new("Digits", "5678"), new("Digits", "1234")];
        Assert.Equal("IK+Dwps556ElfBT0I3Rgjkr1wJU=", TwilioSignature.Compute(Token, Url, repeated));
    }

    [Fact]
    public void AcceptsTheSignatureForTheExactRequest() =>
        Assert.True(TwilioSignature.IsValid(Token, Url, Parameters, Expected));

    [Fact]
    public void AcceptsAUrlWhoseDefaultPortAProxyAddedOrRemoved()
    {
        Assert.True(TwilioSignature.IsValid(Token, "https://mycompany.com:1234/myapp.php?foo=1&bar=2", Parameters, Expected));
        Assert.True(TwilioSignature.IsValid(Token, Url, Parameters, "kvajT1Ptam85bY51eRf/AJRuM3w="));
    }

    [Fact]
    public void RejectsATamperedParameter()
    {
        var tampered = Parameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p).ToArray();
        Assert.False(TwilioSignature.IsValid(Token, Url, tampered, Expected));
    }

    [Fact]
    public void RejectsAnAddedParameter() =>
        Assert.False(TwilioSignature.IsValid(Token, Url, [.. Parameters, new("AnsweredBy", "human")], Expected));

    [Fact]
    public void RejectsAnotherUrl() =>
        Assert.False(TwilioSignature.IsValid(Token, "https://mycompany.com/myapp.php?foo=1&bar=3", Parameters, Expected));

    [Fact]
    public void RejectsAnotherToken() =>
        Assert.False(TwilioSignature.IsValid("54321", Url, Parameters, Expected));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    public void RejectsAMissingOrMalformedSignature(string? signature) =>
        Assert.False(TwilioSignature.IsValid(Token, Url, Parameters, signature));

    [Fact]
    public void NeverAcceptsAnythingWithoutAToken() =>
        Assert.False(TwilioSignature.IsValid("", Url, Parameters, TwilioSignature.Compute("", Url, Parameters)));
}
