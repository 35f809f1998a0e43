using System.Net;
using System.Net.Sockets;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Tests.Telephony;

namespace CallbackPortal.Tests.PublicApi.Captcha;

/// <summary>
/// reCAPTCHA, hCaptcha and Turnstile against a local stand-in of their siteverify APIs (the project's HTTP stand-in,
/// which records each form it receives and answers what the test says).
/// </summary>
public sealed class SiteVerifyCaptchaTests : IAsyncLifetime
{
    private const string Service = "support";
    private const string Secret = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe";
    private const string Token = "03AGdBq24-provider-token";
    private const string ClientIp = "203.0.113.7";
    private TwilioStandIn provider = null!;
    private CaptchaTestServices services = null!;

    public async Task InitializeAsync()
    {
        provider = await TwilioStandIn.StartAsync();
        services = await CaptchaTestServices.CreateAsync(Settings(provider.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await provider.DisposeAsync();
    }

    private static Dictionary<string, string?> Settings(string baseUrl) => new()
    {
        ["Captcha:ReCaptchaVerifyUrl"] = $"{baseUrl}/recaptcha/api/siteverify",
        ["Captcha:HCaptchaVerifyUrl"] = $"{baseUrl}/hcaptcha/siteverify",
        ["Captcha:TurnstileVerifyUrl"] = $"{baseUrl}/turnstile/v0/siteverify",
        ["Captcha:RequestTimeoutSeconds"] = "1",
    };

    private CaptchaSettings For(CaptchaProvider kind, double minScore = 0.5, string? action = null) => new()
    {
        Provider = kind,
        SiteKey = "site-key-123",
        SecretProtected = services.Secrets.Protect(Secret),
        MinScore = minScore,
        ExpectedAction = action,
    };

    private void Answer(int status, string body) => provider.Respond = (_, context) => TwilioStandIn.Json(context, status, body);

    private Task<CaptchaResult> VerifyAsync(CaptchaSettings settings, string? token = Token, CaptchaTestServices? with = null) =>
        (with ?? services).Verifier.VerifyAsync(Service, settings, token, ClientIp, CancellationToken.None);

    [Theory]
    [InlineData(CaptchaProvider.ReCaptchaV2, "/recaptcha/api/siteverify")]
    [InlineData(CaptchaProvider.HCaptcha, "/hcaptcha/siteverify")]
    [InlineData(CaptchaProvider.Turnstile, "/turnstile/v0/siteverify")]
    public async Task ATokenTheProviderAcceptsPassesAndTheProviderGetsTheDocumentedForm(CaptchaProvider kind, string path)
    {
        Answer(200, """{"success":true,"challenge_ts":"2026-11-24T15:00:00Z","hostname":"portal.example.com","error-codes":[]}""");

        var result = await VerifyAsync(For(kind));

        Assert.True(result.Passed, result.Detail);
        var sent = Assert.Single(provider.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal(path, sent.Path);
        Assert.Equal(Secret, sent.Field("secret"));
        Assert.Equal(Token, sent.Field("response"));
        Assert.Equal(ClientIp, sent.Field("remoteip"));
        // hCaptcha documents checking the token against the site key it was made for.
        Assert.Equal(kind == CaptchaProvider.HCaptcha ? "site-key-123" : null, sent.Field("sitekey"));
    }

    [Fact]
    public async Task ARefusalCarriesTheProvidersErrorCodes()
    {
        Answer(200, """{"success":false,"error-codes":["timeout-or-duplicate"]}""");

        var result = await VerifyAsync(For(CaptchaProvider.ReCaptchaV2));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("timeout-or-duplicate", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReCaptchaV3ScoreAtTheMinimumPasses()
    {
        Answer(200, """{"success":true,"score":0.5,"action":"callback","hostname":"portal.example.com"}""");

        Assert.True((await VerifyAsync(For(CaptchaProvider.ReCaptchaV3, minScore: 0.5, action: "callback"))).Passed);
    }

    [Fact]
    public async Task AReCaptchaV3ScoreBelowTheMinimumIsRefused()
    {
        Answer(200, """{"success":true,"score":0.3,"action":"callback","hostname":"portal.example.com"}""");

        var result = await VerifyAsync(For(CaptchaProvider.ReCaptchaV3, minScore: 0.5));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("score is too low", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("0.5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReCaptchaV3TokenForAnotherActionIsRefused()
    {
        Answer(200, """{"success":true,"score":0.9,"action":"login","hostname":"portal.example.com"}""");

        var result = await VerifyAsync(For(CaptchaProvider.ReCaptchaV3, action: "callback"));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("another action", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReCaptchaV3AnswerWithoutAScoreIsRefused()
    {
        Answer(200, """{"success":true,"hostname":"portal.example.com"}""");

        Assert.Equal("captcha-invalid", (await VerifyAsync(For(CaptchaProvider.ReCaptchaV3))).Code);
    }

    [Theory]
    [InlineData(500, """{"error":"internal"}""")]
    [InlineData(503, "<html>Service Unavailable</html>")]
    [InlineData(200, "<html>Just a moment...</html>")]
    [InlineData(200, """{"hostname":"portal.example.com"}""")]
    [InlineData(200, """{"success":"yes"}""")]
    [InlineData(404, """{"success":true}""")]
    public async Task AProviderAnswerThatIsNotSiteverifyIsARefusal(int status, string body)
    {
        Answer(status, body);

        var result = await VerifyAsync(For(CaptchaProvider.Turnstile));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("could not be reached", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedAnswerIsARefusal()
    {
        Answer(200, $$"""{"success":true,"padding":"{{new string('x', SiteVerifyClient.MaxResponseBytes)}}"}""");

        var result = await VerifyAsync(For(CaptchaProvider.HCaptcha));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("could not be reached", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProviderThatIsDownIsARefusal()
    {
        await using var down = await CaptchaTestServices.CreateAsync(Settings($"http://127.0.0.1:{ClosedPort()}"));
        var settings = For(CaptchaProvider.ReCaptchaV2);
        settings.SecretProtected = down.Secrets.Protect(Secret);

        var result = await VerifyAsync(settings, with: down);

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("could not be reached", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProviderThatHangsPastTheTimeoutIsARefusal()
    {
        provider.Respond = (_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted);

        var result = await VerifyAsync(For(CaptchaProvider.ReCaptchaV3));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("could not be reached (no answer within 1 s)", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CaptchaProvider.ProofOfWork, null)]
    [InlineData(CaptchaProvider.ReCaptchaV2, "")]
    [InlineData(CaptchaProvider.ReCaptchaV3, "   ")]
    [InlineData(CaptchaProvider.HCaptcha, null)]
    [InlineData(CaptchaProvider.Turnstile, "")]
    public async Task NoTokenIsCaptchaRequired(CaptchaProvider kind, string? token)
    {
        var result = await VerifyAsync(For(kind), token);

        Assert.False(result.Passed);
        Assert.Equal("captcha-required", result.Code);
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task AnOverlongTokenIsRefusedWithoutAskingTheProvider()
    {
        var result = await VerifyAsync(For(CaptchaProvider.Turnstile), new string('a', CaptchaVerifier.MaxTokenLength + 1));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task ASecretThatCannotBeReadIsARefusalWithoutAskingTheProvider()
    {
        var settings = For(CaptchaProvider.ReCaptchaV2);
        settings.SecretProtected = "CfDJ8-not-a-protected-value";

        var result = await VerifyAsync(settings);

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("secret", result.Detail, StringComparison.Ordinal);
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task AServiceWithoutCaptchaPassesWithoutAToken()
    {
        var result = await VerifyAsync(new CaptchaSettings { Provider = CaptchaProvider.Off }, token: null);

        Assert.True(result.Passed);
        Assert.Null(result.Code);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
