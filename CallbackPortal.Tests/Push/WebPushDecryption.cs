using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CallbackPortal.Tests.Push;

/// <summary>
/// The browser's side of RFC 8291 (what a user agent does with a push message), written apart from the app's
/// encryption so a round trip checks both halves against the RFC rather than against each other.
/// </summary>
internal static class WebPushDecryption
{
    public static byte[] Decrypt(byte[] body, ECDiffieHellman subscriberKey, byte[] authSecret)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var idLength = body[20];
        var serverPoint = body[21..(21 + idLength)];
        var record = body[(21 + idLength)..];
        if (record.Length > recordSize)
        {
            throw new InvalidOperationException($"The record is {record.Length} bytes, more than the header's {recordSize}.");
        }

        using var serverKey = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = serverPoint[1..33], Y = serverPoint[33..] },
        });
        var q = subscriberKey.ExportParameters(false).Q;
        byte[] subscriberPoint = [0x04, .. q.X!, .. q.Y!];
        var shared = subscriberKey.DeriveRawSecretAgreement(serverKey.PublicKey);

        var keyPrk = Hmac(authSecret, shared);
        var ikm = Hmac(keyPrk, [.. Encoding.ASCII.GetBytes("WebPush: info\0"), .. subscriberPoint, .. serverPoint, 0x01])[..32];
        var prk = Hmac(salt, ikm);
        var cek = Hmac(prk, [.. Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"), 0x01])[..16];
        var nonce = Hmac(prk, [.. Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"), 0x01])[..12];

        var plaintext = new byte[record.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, record[..^16], record[^16..], plaintext);
        var end = Array.FindLastIndex(plaintext, b => b != 0);
        if (end < 0 || plaintext[end] != 0x02)
        {
            throw new InvalidOperationException("The last record does not end with the 0x02 delimiter.");
        }
        return plaintext[..end];
    }

    private static byte[] Hmac(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);

    public static ECDiffieHellman ImportPrivate(byte[] d, byte[] point) => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = d,
        Q = new ECPoint { X = point[1..33], Y = point[33..] },
    });
}
