using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CallbackPortal.Push;

/// <summary>A browser subscription whose keys cannot be used: the push service would never be able to decrypt for it.</summary>
public sealed class InvalidSubscriptionException(string message) : Exception(message);

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), with .NET's own
/// cryptography: an ephemeral P-256 key agreement with the subscription's key, HKDF with its auth secret, and one
/// AES-GCM record. The body carries its salt and the application server's ephemeral public key in its header.
/// </summary>
public static class WebPushEncryption
{
    /// <summary>The record size written in the header: one record, the size every push service must accept.</summary>
    public const int RecordSize = 4096;
    public const int SaltLength = 16;
    public const int AuthSecretLength = 16;
    public const int PointLength = 65;
    private const int TagLength = 16;
    private const int HeaderLength = SaltLength + 4 + 1 + PointLength;
    private const byte LastRecordDelimiter = 0x02;

    /// <summary>The largest payload that fits the single 4096-byte body: minus header, tag and the padding delimiter.</summary>
    public const int MaxPayloadBytes = RecordSize - HeaderLength - TagLength - 1;

    private static readonly byte[] KeyInfoLabel = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] ContentKeyInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    /// <summary>The encrypted body for a subscription with a fresh key pair and salt.</summary>
    /// <exception cref="InvalidSubscriptionException">The p256dh key or the auth secret is not usable.</exception>
    /// <exception cref="ArgumentException">The payload is longer than <see cref="MaxPayloadBytes"/>.</exception>
    public static byte[] Encrypt(string p256dh, string authSecret, ReadOnlySpan<byte> payload)
    {
        using var applicationServerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(p256dh, authSecret, payload, applicationServerKey, RandomNumberGenerator.GetBytes(SaltLength));
    }

    /// <summary>The encrypted body with a given application-server key pair and salt (tests reproduce the RFC's vector with them).</summary>
    public static byte[] Encrypt(string p256dh, string authSecret, ReadOnlySpan<byte> payload, ECDiffieHellman applicationServerKey, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(applicationServerKey);
        if (salt is not { Length: SaltLength })
        {
            throw new ArgumentException($"The salt must be {SaltLength} bytes.", nameof(salt));
        }
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is {payload.Length} bytes; Web Push carries at most {MaxPayloadBytes}.", nameof(payload));
        }
        var userAgentPoint = DecodeBase64Url(p256dh, "p256dh key");
        var auth = DecodeBase64Url(authSecret, "auth secret");
        if (auth.Length != AuthSecretLength)
        {
            throw new InvalidSubscriptionException($"The auth secret is {auth.Length} bytes; it must be {AuthSecretLength}.");
        }
        using var userAgentKey = ImportPoint(userAgentPoint);
        var serverPoint = Point(applicationServerKey);

        var sharedSecret = applicationServerKey.DeriveRawSecretAgreement(userAgentKey.PublicKey);
        var inputKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, auth, [.. KeyInfoLabel, .. userAgentPoint, .. serverPoint]);
        var pseudoRandomKey = HKDF.Extract(HashAlgorithmName.SHA256, inputKey, salt);
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 16, ContentKeyInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 12, NonceInfo);

        var body = new byte[HeaderLength + payload.Length + 1 + TagLength];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltLength, 4), RecordSize);
        body[SaltLength + 4] = PointLength;
        serverPoint.CopyTo(body, SaltLength + 5);

        var plaintext = new byte[payload.Length + 1];
        payload.CopyTo(plaintext);
        plaintext[^1] = LastRecordDelimiter;
        using var aes = new AesGcm(contentKey, TagLength);
        aes.Encrypt(nonce, plaintext, body.AsSpan(HeaderLength, plaintext.Length), body.AsSpan(HeaderLength + plaintext.Length, TagLength));
        return body;
    }

    /// <summary>The key's public half as the uncompressed point (0x04 ‖ X ‖ Y).</summary>
    public static byte[] Point(ECDiffieHellman key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    private static byte[] DecodeBase64Url(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidSubscriptionException($"The subscription has no {what}.");
        }
        try
        {
            return Base64Url.DecodeFromChars(value.Trim().TrimEnd('='));
        }
        catch (FormatException)
        {
            throw new InvalidSubscriptionException($"The subscription's {what} is not base64url.");
        }
    }

    private static ECDiffieHellman ImportPoint(byte[] point)
    {
        if (point.Length != PointLength || point[0] != 0x04)
        {
            throw new InvalidSubscriptionException($"The p256dh key is not an uncompressed P-256 point ({point.Length} bytes).");
        }
        try
        {
            return ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });
        }
        catch (CryptographicException)
        {
            throw new InvalidSubscriptionException("The p256dh key is not a point on the P-256 curve.");
        }
    }
}
