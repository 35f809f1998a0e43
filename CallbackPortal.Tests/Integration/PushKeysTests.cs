using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CallbackPortal.Push;
using CallbackPortal.Tests.Telephony;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Integration;

/// <summary>The push keys themselves: VAPID pairs browsers and push services accept, FCM key files read with clear reasons, the FCM token exchange.</summary>
public sealed class PushKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AGeneratedVapidPublicKeyIsTheUncompressedP256PointAndATokenSignedWithItsPrivateKeyVerifies()
    {
        var pair = VapidKeys.Generate();
        var point = Base64Url.DecodeFromChars(pair.PublicKey);

        var token = VapidKeys.SignToken(pair.PrivateKeyPkcs8, "https://fcm.googleapis.com", "mailto:push@example.com", Now.AddHours(12));
        var claims = VapidKeys.Verify(token, pair.PublicKey, Now);

        Assert.Equal((65, (byte)0x04), (point.Length, point[0]));
        Assert.DoesNotContain('=', pair.PublicKey);
        using var imported = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        var signed = token.Split('.');
        Assert.True(imported.VerifyData(Encoding.ASCII.GetBytes(signed[0] + "." + signed[1]), Base64Url.DecodeFromChars(signed[2]), HashAlgorithmName.SHA256));
        Assert.NotNull(claims);
        Assert.Equal(("https://fcm.googleapis.com", "mailto:push@example.com"), (claims["aud"]!.GetValue<string>(), claims["sub"]!.GetValue<string>()));
        Assert.Equal("ES256", JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!["alg"]!.GetValue<string>());
    }

    [Fact]
    public void ATokenFailsWithAnotherPairsPublicKeyWhenTamperedWithOrWhenItLivesTooLong()
    {
        var pair = VapidKeys.Generate();
        var other = VapidKeys.Generate();
        var token = VapidKeys.SignToken(pair.PrivateKeyPkcs8, "https://fcm.googleapis.com", "mailto:push@example.com", Now.AddHours(12));
        var parts = token.Split('.');
        var forged = parts[0] + "." + Base64Url.EncodeToString("""{"aud":"https://evil.example","exp":1900000000,"sub":"mailto:x@example.com"}"""u8) + "." + parts[2];
        var tooLong = VapidKeys.SignToken(pair.PrivateKeyPkcs8, "https://fcm.googleapis.com", "mailto:push@example.com", Now.AddDays(2));

        Assert.Null(VapidKeys.Verify(token, other.PublicKey, Now));
        Assert.Null(VapidKeys.Verify(forged, pair.PublicKey, Now));
        Assert.Null(VapidKeys.Verify(tooLong, pair.PublicKey, Now));
        Assert.Null(VapidKeys.Verify(token, pair.PublicKey, Now.AddHours(13)));
    }

    [Theory]
    [InlineData("BAAA")]
    [InlineData("not base64url!")]
    [InlineData("")]
    public void SomethingThatIsNotAP256PointIsNoPublicKey(string value)
    {
        var offCurve = Base64Url.EncodeToString([0x04, .. new byte[64]]);

        Assert.False(VapidKeys.IsPublicKey(value));
        Assert.False(VapidKeys.IsPublicKey(offCurve));
    }

    [Fact]
    public void AServiceAccountKeyFileIsReadIntoItsParts()
    {
        using var account = new PushTestAccount("https://oauth2.googleapis.com/token");

        var (credentials, problems) = FcmCredentials.Parse(account.Json);

        Assert.Empty(problems);
        Assert.Equal(("shop-app-1234", "push-sender@shop-app-1234.iam.gserviceaccount.com", "https://oauth2.googleapis.com/token"),
            (credentials!.ProjectId, credentials.ClientEmail, credentials.TokenUri));
        Assert.DoesNotContain(account.PrivateKeyLine, credentials.ToString());
    }

    [Theory]
    [InlineData("type", "authorized_user", "\"type\" must be \"service_account\"")]
    [InlineData("project_id", null, "\"project_id\" is missing")]
    [InlineData("client_email", "not-an-address", "\"client_email\" is missing or not an e-mail address")]
    [InlineData("private_key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "\"private_key\" is missing or not a PEM RSA private key")]
    [InlineData("token_uri", "http://oauth2.googleapis.com/token", "\"token_uri\" is missing or not an https URL")]
    [InlineData("token_uri", null, "\"token_uri\" is missing or not an https URL")]
    public void AKeyFileWithAWrongFieldIsRefusedNamingTheField(string field, string? value, string expected)
    {
        using var account = new PushTestAccount("https://oauth2.googleapis.com/token");

        var (credentials, problems) = FcmCredentials.Parse(account.With(field, value));

        Assert.Null(credentials);
        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ not json", "This is not valid JSON")]
    [InlineData("[1, 2]", "The key file must be a JSON object.")]
    [InlineData("  ", "Paste the service account's JSON key file.")]
    public void SomethingThatIsNoKeyFileIsRefusedSayingWhat(string json, string expected)
    {
        var (credentials, problems) = FcmCredentials.Parse(json);

        Assert.Null(credentials);
        Assert.StartsWith(expected, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void APublicKeyInsteadOfThePrivateKeyIsRefused()
    {
        using var account = new PushTestAccount("https://oauth2.googleapis.com/token");

        var (_, problems) = FcmCredentials.Parse(account.With("private_key", account.Key.ExportSubjectPublicKeyInfoPem()));

        Assert.Contains(problems, p => p.Contains("private_key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheTokenExchangeSendsAJwtBearerAssertionSignedWithTheAccountsKeyAndReportsSuccess()
    {
        await using var standIn = await TwilioStandIn.StartAsync();
        using var account = new PushTestAccount(standIn.BaseUrl + "/token");
        standIn.Respond = (request, context) => IsSignedBy(account.Key, request.Field("assertion"))
            ? TwilioStandIn.Json(context, 200, """{"access_token":"ya29.test","expires_in":3599,"token_type":"Bearer"}""")
            : TwilioStandIn.Json(context, 400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");

        var result = await Client().TryExchangeAsync(FcmCredentials.Parse(account.Json).Credentials!, CancellationToken.None);

        var request = Assert.Single(standIn.Requests);
        Assert.True(result.Ok, result.Message);
        Assert.Contains("the credentials work", result.Message);
        Assert.Equal(("POST", "/token", FcmTokenClient.GrantType), (request.Method, request.Path, request.Field("grant_type")));
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(request.Field("assertion")!.Split('.')[1]))!;
        Assert.Equal(("push-sender@shop-app-1234.iam.gserviceaccount.com", FcmCredentials.MessagingScope, standIn.BaseUrl + "/token"),
            (claims["iss"]!.GetValue<string>(), claims["scope"]!.GetValue<string>(), claims["aud"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheProvidersRefusalIsShownInItsOwnWords()
    {
        await using var standIn = await TwilioStandIn.StartAsync();
        using var signer = new PushTestAccount(standIn.BaseUrl + "/token");
        using var registered = new PushTestAccount(standIn.BaseUrl + "/token");
        // The token service knows another key for this account: the signature cannot verify.
        standIn.Respond = (request, context) => IsSignedBy(registered.Key, request.Field("assertion"))
            ? TwilioStandIn.Json(context, 200, """{"access_token":"ya29.test"}""")
            : TwilioStandIn.Json(context, 400, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");

        var result = await Client().TryExchangeAsync(FcmCredentials.Parse(signer.Json).Credentials!, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("invalid_grant: Invalid JWT Signature.", result.Message);
    }

    [Fact]
    public async Task AnUnreachableTokenServiceIsReportedNotThrown()
    {
        await using var standIn = await TwilioStandIn.StartAsync();
        var address = standIn.BaseUrl + "/token";
        await standIn.DisposeAsync();
        using var account = new PushTestAccount(address);

        var result = await Client().TryExchangeAsync(FcmCredentials.Parse(account.Json).Credentials!, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("could not be reached", result.Message);
    }

    internal static FcmTokenClient Client()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(FcmTokenClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        return new FcmTokenClient(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), TimeProvider.System);
    }

    /// <summary>What Google's token service checks first: the assertion's RS256 signature against the account's public key.</summary>
    internal static bool IsSignedBy(RSA key, string? assertion)
    {
        using var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        var parts = assertion?.Split('.') ?? [];
        return parts.Length == 3
            && JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!["alg"]!.GetValue<string>() == "RS256"
            && publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
