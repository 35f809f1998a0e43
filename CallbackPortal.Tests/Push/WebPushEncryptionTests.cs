using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Push;

namespace CallbackPortal.Tests.Push;

public sealed class WebPushEncryptionTests
{
    // RFC 8291 Appendix A.
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string AsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string AsPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string UaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string UaPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string ExpectedBody =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_y"
        + "l95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    private static byte[] B(string base64Url) => Base64Url.DecodeFromChars(base64Url);

    [Fact]
    public void ReproducesTheRfc8291AppendixAMessageExactly()
    {
        using var serverKey = WebPushDecryption.ImportPrivate(B(AsPrivate), B(AsPublic));

        var body = WebPushEncryption.Encrypt(UaPublic, Auth, Encoding.UTF8.GetBytes(Plaintext), serverKey, B(Salt));

        Assert.Equal(ExpectedBody, Base64Url.EncodeToString(body));
    }

    [Fact]
    public void TheSubscriberDecryptsTheRfcVectorWithItsPrivateKey()
    {
        using var subscriber = WebPushDecryption.ImportPrivate(B(UaPrivate), B(UaPublic));

        var plaintext = WebPushDecryption.Decrypt(B(ExpectedBody), subscriber, B(Auth));

        Assert.Equal(Plaintext, Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void AFreshKeyAndSaltRoundTripTheLargestPayload()
    {
        using var subscriber = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);
        var payload = RandomNumberGenerator.GetBytes(WebPushEncryption.MaxPayloadBytes);

        var body = WebPushEncryption.Encrypt(Base64Url.EncodeToString(WebPushEncryption.Point(subscriber)), Base64Url.EncodeToString(auth), payload);
        var again = WebPushEncryption.Encrypt(Base64Url.EncodeToString(WebPushEncryption.Point(subscriber)), Base64Url.EncodeToString(auth), payload);

        Assert.Equal(WebPushEncryption.RecordSize, body.Length);
        Assert.NotEqual(body[..16], again[..16]);
        Assert.Equal(payload, WebPushDecryption.Decrypt(body, subscriber, auth));
    }

    [Fact]
    public void APayloadOneByteOverTheRecordIsRefused()
    {
        var payload = new byte[WebPushEncryption.MaxPayloadBytes + 1];

        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt(UaPublic, Auth, payload));
    }

    [Theory]
    [InlineData("", Auth)]
    [InlineData("not base64 !!", Auth)]
    [InlineData("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcx", Auth)]
    [InlineData("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw5", Auth)]
    [InlineData(UaPublic, "BTBZMqHH6r4Tts7J_aSI")]
    [InlineData(UaPublic, "")]
    public void KeysThatCannotBeUsedAreAnInvalidSubscription(string p256dh, string auth)
    {
        Assert.Throws<InvalidSubscriptionException>(() => WebPushEncryption.Encrypt(p256dh, auth, "hi"u8));
    }
}
