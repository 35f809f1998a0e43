using System.Text.Json;
using CallbackPortal.PublicApi.Captcha;

namespace CallbackPortal.Tests.PublicApi.Captcha;

public class CaptchaSettingsTests
{
    [Fact]
    public void NewServicesAskForTheBuiltInProofOfWorkAndTheDefaultsAreValid()
    {
        var settings = new CaptchaSettings();

        Assert.Equal(CaptchaProvider.ProofOfWork, settings.Provider);
        Assert.Empty(settings.Validate());
    }

    [Theory]
    [InlineData(CaptchaProvider.ReCaptchaV2)]
    [InlineData(CaptchaProvider.ReCaptchaV3)]
    [InlineData(CaptchaProvider.HCaptcha)]
    [InlineData(CaptchaProvider.Turnstile)]
    public void ThirdPartyProvidersNeedASiteKeyAndASecret(CaptchaProvider provider)
    {
        var errors = new CaptchaSettings { Provider = provider, SiteKey = " " }.Validate();

        Assert.Equal([nameof(CaptchaSettings.SecretProtected), nameof(CaptchaSettings.SiteKey)], errors.Keys.Order());
    }

    [Theory]
    [InlineData(nameof(CaptchaSettings.MinScore), -0.1)]
    [InlineData(nameof(CaptchaSettings.MinScore), 1.01)]
    [InlineData(nameof(CaptchaSettings.MinScore), double.NaN)]
    [InlineData(nameof(CaptchaSettings.ProofOfWorkMaxNumber), 999)]
    [InlineData(nameof(CaptchaSettings.ProofOfWorkMaxNumber), 10_000_001)]
    [InlineData(nameof(CaptchaSettings.ChallengeLifetimeSeconds), 29)]
    [InlineData(nameof(CaptchaSettings.ChallengeLifetimeSeconds), 3_601)]
    public void ValuesOutsideTheirRangeAreNamed(string property, double value)
    {
        var settings = new CaptchaSettings();
        var target = typeof(CaptchaSettings).GetProperty(property)!;
        target.SetValue(settings, Convert.ChangeType(value, target.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([property], settings.Validate().Keys);
    }

    [Theory]
    [InlineData("callback", true)]
    [InlineData("support/callback_form", true)]
    [InlineData("call back", false)]
    [InlineData("callback-form", false)]
    public void AnExpectedActionUsesReCaptchasCharacters(string action, bool valid)
    {
        var errors = new CaptchaSettings { ExpectedAction = action }.Validate();

        Assert.Equal(valid, !errors.ContainsKey(nameof(CaptchaSettings.ExpectedAction)));
    }

    [Fact]
    public void TheProviderIsStoredByName()
    {
        var json = JsonSerializer.Serialize(new CaptchaSettings { Provider = CaptchaProvider.Turnstile });

        Assert.Contains("\"Provider\":\"Turnstile\"", json, StringComparison.Ordinal);
        Assert.Equal(CaptchaProvider.Turnstile, JsonSerializer.Deserialize<CaptchaSettings>(json)!.Provider);
    }
}
