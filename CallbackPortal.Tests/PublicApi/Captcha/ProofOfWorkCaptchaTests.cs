using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallbackPortal.PublicApi.Captcha;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.PublicApi.Captcha;

public sealed class ProofOfWorkCaptchaTests : IAsyncLifetime
{
    private const string Service = "support";
    private static readonly CaptchaSettings Settings = new() { ProofOfWorkMaxNumber = 1_000, ChallengeLifetimeSeconds = 300 };
    private CaptchaTestServices services = null!;

    public async Task InitializeAsync() => services = await CaptchaTestServices.CreateAsync();

    public async Task DisposeAsync() => await services.DisposeAsync();

    private Task<AltchaChallenge> NewChallengeAsync(string service = Service) => services.ProofOfWork.CreateAsync(service, Settings, CancellationToken.None);

    private Task<CaptchaResult> VerifyAsync(string? payload, string service = Service) =>
        services.Verifier.VerifyAsync(service, Settings, payload, "203.0.113.7", CancellationToken.None);

    [Fact]
    public async Task AChallengeHasAltchasJsonShape()
    {
        var challenge = await NewChallengeAsync();

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(challenge));
        Assert.Equal(["algorithm", "challenge", "maxnumber", "salt", "signature"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("SHA-256", challenge.Algorithm);
        Assert.Equal(1_000, challenge.MaxNumber);
        Assert.Matches("^[0-9a-f]{64}$", challenge.Challenge);
        Assert.Matches("^[0-9a-f]{64}$", challenge.Signature);
        Assert.EndsWith("&", challenge.Salt, StringComparison.Ordinal);
        var parameters = QueryHelpers.ParseQuery(challenge.Salt[challenge.Salt.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Equal(Service, parameters["service"].ToString());
        Assert.Equal(CaptchaTestServices.Start.AddSeconds(300).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), parameters["expires"].ToString());
    }

    [Fact]
    public async Task TheSignatureIsTheHmacOfTheChallengeWithTheInstallationKey()
    {
        var challenge = await NewChallengeAsync();
        var key = await services.Keys.GetAsync(ProofOfWorkChallenges.SigningKeyName, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(challenge.Challenge))), challenge.Signature);
    }

    [Fact]
    public async Task ASolvedChallengePassesAndIsRecorded()
    {
        var challenge = await NewChallengeAsync();

        var result = await VerifyAsync(AltchaSolver.Solve(challenge));

        Assert.True(result.Passed, result.Detail);
        Assert.Null(result.Code);
        await using var db = services.Database.CreateDbContext();
        var used = Assert.Single(await db.UsedCaptchaChallenges.ToListAsync());
        Assert.Equal(challenge.Challenge, used.ChallengeHash);
        Assert.Equal(CaptchaTestServices.Start.AddSeconds(300), used.ExpiresAt);
    }

    [Fact]
    public async Task TheSamePayloadIsRefusedTheSecondTime()
    {
        var payload = AltchaSolver.Solve(await NewChallengeAsync());

        Assert.True((await VerifyAsync(payload)).Passed);
        var replay = await VerifyAsync(payload);

        Assert.False(replay.Passed);
        Assert.Equal("captcha-invalid", replay.Code);
        Assert.Contains("already been used", replay.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherProcessAcceptsTheChallengeOnceToo()
    {
        await using var other = services.Sibling();
        var payload = AltchaSolver.Solve(await NewChallengeAsync());

        var first = await other.Verifier.VerifyAsync(Service, Settings, payload, null, CancellationToken.None);
        var replayHere = await VerifyAsync(payload);

        Assert.True(first.Passed, first.Detail);
        Assert.False(replayHere.Passed);
    }

    [Fact]
    public async Task AWrongNumberIsRefused()
    {
        var challenge = await NewChallengeAsync();
        var wrong = (AltchaSolver.FindNumber(challenge) + 1) % (challenge.MaxNumber + 1);

        var result = await VerifyAsync(AltchaSolver.Payload(challenge, wrong));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("wrong", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedSignatureIsRefused()
    {
        var challenge = await NewChallengeAsync();
        var signature = (challenge.Signature[0] == '0' ? "1" : "0") + challenge.Signature[1..];

        var result = await VerifyAsync(AltchaSolver.Payload(challenge, AltchaSolver.FindNumber(challenge), signature: signature));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("not issued by this portal", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChallengeSignedWithAnotherKeyIsRefused()
    {
        // Someone running ALTCHA's own library with a key of their choosing.
        var salt = $"00112233445566778899aabb?service={Service}&expires={CaptchaTestServices.Start.AddHours(1).ToUnixTimeSeconds()}&";
        var forged = new AltchaChallenge("SHA-256", AltchaSolver.Hash(salt, 7), 1_000, salt,
            Convert.ToHexStringLower(HMACSHA256.HashData("their key"u8, Encoding.UTF8.GetBytes(AltchaSolver.Hash(salt, 7)))));

        var result = await VerifyAsync(AltchaSolver.Payload(forged, 7));

        Assert.Equal("captcha-invalid", result.Code);
    }

    [Fact]
    public async Task ALongerLifeWrittenIntoTheSaltIsRefused()
    {
        var challenge = await NewChallengeAsync();
        var number = AltchaSolver.FindNumber(challenge);
        var later = CaptchaTestServices.Start.AddDays(30).ToUnixTimeSeconds();
        var salt = challenge.Salt[..challenge.Salt.IndexOf("expires=", StringComparison.Ordinal)] + $"expires={later}&";

        var result = await VerifyAsync(AltchaSolver.Payload(challenge, number, salt: salt));

        Assert.Equal("captcha-invalid", result.Code);
    }

    [Fact]
    public async Task AnotherServicesChallengeIsRefused()
    {
        var payload = AltchaSolver.Solve(await NewChallengeAsync("sales"));

        var result = await VerifyAsync(payload, Service);

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("another service", result.Detail, StringComparison.Ordinal);
        Assert.True((await VerifyAsync(payload, "sales")).Passed);
    }

    [Fact]
    public async Task AChallengeIsAcceptedUntilItsLifetimeEnds()
    {
        var challenge = await NewChallengeAsync();
        services.Clock.Advance(TimeSpan.FromSeconds(299));

        Assert.True((await VerifyAsync(AltchaSolver.Solve(challenge))).Passed);
    }

    [Fact]
    public async Task AnExpiredChallengeIsRefused()
    {
        var challenge = await NewChallengeAsync();
        services.Clock.Advance(TimeSpan.FromSeconds(300));

        var result = await VerifyAsync(AltchaSolver.Solve(challenge));

        Assert.Equal("captcha-invalid", result.Code);
        Assert.Contains("expired", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlySha256IsAccepted()
    {
        var challenge = await NewChallengeAsync();

        var result = await VerifyAsync(AltchaSolver.Payload(challenge, AltchaSolver.FindNumber(challenge), algorithm: "SHA-1"));

        Assert.Equal("captcha-invalid", result.Code);
    }

    public static TheoryData<string> Garbage() => new()
    {
        "not base64 at all!",
        AltchaSolver.Base64("not json"),
        AltchaSolver.Base64("null"),
        AltchaSolver.Base64("[1,2,3]"),
        AltchaSolver.Base64("{}"),
        AltchaSolver.Base64("""{"algorithm":"SHA-256","challenge":"ab","number":"12","salt":"s","signature":"cd"}"""),
        AltchaSolver.Base64("""{"algorithm":"SHA-256","challenge":"ab","number":1.5,"salt":"s","signature":"cd"}"""),
        AltchaSolver.Base64("""{"algorithm":"SHA-256","challenge":"ab","number":-3,"salt":"s","signature":"cd"}"""),
        AltchaSolver.Base64("""{"algorithm":"SHA-256","challenge":"ab","number":99999999999999999999999,"salt":"s","signature":"cd"}"""),
        AltchaSolver.Base64("""{"algorithm":"SHA-256","challenge":"ab","number":3,"salt":"s","signature":"cd"}"""),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task GarbageIsRefusedNotThrown(string payload)
    {
        var result = await VerifyAsync(payload);

        Assert.False(result.Passed);
        Assert.Equal("captcha-invalid", result.Code);
    }

    [Fact]
    public async Task TenConcurrentUsesOfOnePayloadPassOnce()
    {
        var payload = AltchaSolver.Solve(await NewChallengeAsync());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.Task;
            return await VerifyAsync(payload);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Passed);
        Assert.All(results.Where(r => !r.Passed), r => Assert.Contains("already been used", r.Detail, StringComparison.Ordinal));
        await using var db = services.Database.CreateDbContext();
        Assert.Equal(1, await db.UsedCaptchaChallenges.CountAsync());
    }

    [Fact]
    public async Task PurgeForgetsOnlyExpiredChallenges()
    {
        var early = await NewChallengeAsync();
        Assert.True((await VerifyAsync(AltchaSolver.Solve(early))).Passed);
        services.Clock.Advance(TimeSpan.FromSeconds(200));
        var late = await NewChallengeAsync();
        Assert.True((await VerifyAsync(AltchaSolver.Solve(late))).Passed);
        services.Clock.Advance(TimeSpan.FromSeconds(100));

        var purged = await services.ProofOfWork.PurgeExpiredAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        await using var db = services.Database.CreateDbContext();
        Assert.Equal(late.Challenge, Assert.Single(await db.UsedCaptchaChallenges.ToListAsync()).ChallengeHash);
    }
}
