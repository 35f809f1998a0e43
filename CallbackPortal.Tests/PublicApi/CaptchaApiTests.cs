using System.Net;
using System.Net.Http.Json;
using CallbackPortal.Access;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.PublicApi.Captcha;
using CallbackPortal.Tests.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>CAPTCHA as a consumer meets it through the API: the built-in proof-of-work, and a third-party provider's siteverify.</summary>
[Collection(PortalCollection.Name)]
public sealed class CaptchaApiTests(SharedPortal portal)
{
    [Fact]
    public async Task TheBuiltInProofOfWorkIsRequiredSolvedOnceAndNeverAcceptedTwice()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Captcha = new CaptchaSettings { Provider = CaptchaProvider.ProofOfWork, ProofOfWorkMaxNumber = 5_000 });
        using var client = portal.Host.NewClient();

        var without = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" });
        var challengeResponse = await client.GetAsync($"/api/v1/captcha/challenge?service={service.Key}");
        var challenge = (await challengeResponse.Content.ReadFromJsonAsync<AltchaChallenge>())!;
        var solution = AltchaSolver.Solve(challenge);
        var solved = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143", captcha = solution });
        var replayed = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550144", captcha = solution });
        var wrong = await ApiServices.CreateCallbackAsync(client.Http, service.Key,
            new { phoneNumber = "+12025550145", captcha = AltchaSolver.Payload(challenge, AltchaSolver.FindNumber(challenge) + 1) });

        Assert.Equal((HttpStatusCode.BadRequest, "captcha-required"), (without.StatusCode, await ApiServices.CodeAsync(without)));
        Assert.Equal("no-store", challengeResponse.Headers.CacheControl?.ToString());
        Assert.Equal(("SHA-256", 5_000L), (challenge.Algorithm, challenge.MaxNumber));
        Assert.Equal(HttpStatusCode.Created, solved.StatusCode);
        Assert.Equal("captcha-invalid", await ApiServices.CodeAsync(replayed));
        Assert.Equal("captcha-invalid", await ApiServices.CodeAsync(wrong));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(1, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task AChallengeIsOnlyHandedOutForServicesThatUseTheBuiltInProofOfWork()
    {
        var off = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();

        var response = await client.GetAsync($"/api/v1/captcha/challenge?service={off.Key}");

        Assert.Equal((HttpStatusCode.NotFound, "not-found"), (response.StatusCode, await ApiServices.CodeAsync(response)));
    }

    [Fact]
    public async Task TheKeyCheckTellsAGoodSecretFromABadOneAndAnUnreachableProviderWithoutARealToken()
    {
        var provider = await TwilioStandIn.StartAsync();
        provider.Respond = (request, context) => request.Field("secret") == "good-secret" && request.Field("sitekey") == "site-key-abc"
            ? TwilioStandIn.Json(context, 200, """{"success":false,"error-codes":["invalid-input-response"]}""")
            : TwilioStandIn.Json(context, 200, """{"success":false,"error-codes":["invalid-input-secret"]}""");
        await using var host = new PortalHost(settings: new Dictionary<string, string?>
        {
            ["Captcha:HCaptchaVerifyUrl"] = $"{provider.BaseUrl}/siteverify",
            ["Captcha:RequestTimeoutSeconds"] = "2",
        });
        var secrets = host.Services.GetRequiredService<SecretProtector>();
        var good = await ApiServices.CreateAsync(host, s => s.Captcha = new CaptchaSettings
        {
            Provider = CaptchaProvider.HCaptcha, SiteKey = "site-key-abc", SecretProtected = secrets.Protect("good-secret"),
        });
        var bad = await ApiServices.CreateAsync(host, s => s.Captcha = new CaptchaSettings
        {
            Provider = CaptchaProvider.HCaptcha, SiteKey = "site-key-abc", SecretProtected = secrets.Protect("typo-secret"),
        });
        using var scope = host.Services.CreateScope();
        var check = scope.ServiceProvider.GetRequiredService<CaptchaKeyCheck>();

        var passed = await check.CheckAsync(PortalActor.System, good.Id, CancellationToken.None);
        var refused = await check.CheckAsync(PortalActor.System, bad.Id, CancellationToken.None);
        await provider.DisposeAsync();
        var unreachable = await check.CheckAsync(PortalActor.System, good.Id, CancellationToken.None);

        Assert.True(passed.Passed, passed.Message);
        Assert.False(refused.Passed);
        Assert.Contains("invalid-input-secret", refused.Message);
        Assert.False(unreachable.Passed);
        Assert.Contains("could not be asked", unreachable.Message);
        Assert.Equal(CaptchaKeyCheck.PlaceholderToken, provider.Requests[0].Field("response"));
    }

    [Fact]
    public async Task AThirdPartyProviderDecidesThroughItsSiteverifyAndIsNeverWavedThroughWhenDown()
    {
        var provider = await TwilioStandIn.StartAsync();
        await using var host = new PortalHost(settings: new Dictionary<string, string?>
        {
            ["Captcha:ReCaptchaVerifyUrl"] = $"{provider.BaseUrl}/recaptcha/api/siteverify",
            ["Captcha:RequestTimeoutSeconds"] = "2",
        });
        var secret = host.Services.GetRequiredService<SecretProtector>().Protect("provider-secret");
        var service = await ApiServices.CreateAsync(host, s => s.Captcha = new CaptchaSettings
        {
            Provider = CaptchaProvider.ReCaptchaV3, SiteKey = "site-key-abc", SecretProtected = secret, MinScore = 0.5,
        });
        using var client = host.NewClient();

        provider.Respond = (_, context) => TwilioStandIn.Json(context, 200, """{"success":true,"score":0.9,"action":"callback","hostname":"shop.example.com"}""");
        var human = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143", captcha = "token-1" });
        provider.Respond = (_, context) => TwilioStandIn.Json(context, 200, """{"success":true,"score":0.1,"action":"callback"}""");
        var bot = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550144", captcha = "token-2" });
        var status = await ApiServices.JsonAsync(await client.GetAsync($"/api/v1/services/{service.Key}/status"));
        await provider.DisposeAsync();
        var down = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550145", captcha = "token-3" });

        Assert.Equal(HttpStatusCode.Created, human.StatusCode);
        Assert.Equal("provider-secret", provider.Requests[0].Field("secret"));
        Assert.Equal("token-1", provider.Requests[0].Field("response"));
        Assert.Equal("captcha-invalid", await ApiServices.CodeAsync(bot));
        Assert.Equal("captcha-invalid", await ApiServices.CodeAsync(down));
        Assert.Equal(("ReCaptchaV3", "site-key-abc"), (status.GetProperty("captcha").GetProperty("provider").GetString(), status.GetProperty("captcha").GetProperty("siteKey").GetString()));
        await using var db = await ApiServices.DbAsync(host);
        Assert.Equal(1, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }
}
