using CallbackPortal.Hosting;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.PublicApi.Captcha;

public class CaptchaOptionsTests
{
    [Fact]
    public void TheOptionDefaultsAreTheProvidersDocumentedEndpoints()
    {
        var options = new CaptchaOptions();

        Assert.Empty(new SectionValidator<CaptchaOptions>(CaptchaOptions.Section).Validate(null, options).Failures ?? []);
        Assert.Equal("https://www.google.com/recaptcha/api/siteverify", options.VerifyUrlFor(CaptchaProvider.ReCaptchaV3));
        Assert.Equal("https://api.hcaptcha.com/siteverify", options.VerifyUrlFor(CaptchaProvider.HCaptcha));
        Assert.Equal("https://challenges.cloudflare.com/turnstile/v0/siteverify", options.VerifyUrlFor(CaptchaProvider.Turnstile));
        Assert.Equal(5, options.RequestTimeoutSeconds);
    }

    [Fact]
    public async Task AWrongOptionStopsTheStartAndNamesItsKey()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var builder = CaptchaTestServices.Builder(database, new FakeTimeProvider(), TempFiles.NewFolder(), new()
        {
            ["Captcha:HCaptchaVerifyUrl"] = "api.hcaptcha.com/siteverify",
            ["Captcha:RequestTimeoutSeconds"] = "0",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Captcha:HCaptchaVerifyUrl", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Captcha:RequestTimeoutSeconds", StringComparison.Ordinal));
    }
}
