using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CallbackPortal.Push;

/// <summary>A VAPID key pair: the public key as browsers take it, the private key as PKCS#8 (base64) to be stored protected.</summary>
public sealed record VapidKeyPair(string PublicKey, string PrivateKeyPkcs8);

/// <summary>
/// Web Push's application server keys (VAPID, RFC 8292) on P-256. The public key is the uncompressed point, 65 bytes
/// in base64url: what <c>pushManager.subscribe({ applicationServerKey })</c> takes. A push service accepts a message
/// when it carries an ES256 token signed with the private key of the pair the subscription was made with.
/// </summary>
public static class VapidKeys
{
    public const string Algorithm = "ES256";
    private const int PointLength = 65;
    private const int CoordinateLength = 32;
    private static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromHours(24);

    public static VapidKeyPair Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        var point = new byte[PointLength];
        point[0] = 0x04;
        q.X!.CopyTo(point, 1);
        q.Y!.CopyTo(point, 1 + CoordinateLength);
        return new VapidKeyPair(Base64Url.EncodeToString(point), Convert.ToBase64String(key.ExportPkcs8PrivateKey()));
    }

    /// <summary>True when <paramref name="publicKey"/> is an uncompressed P-256 point on the curve, in base64url.</summary>
    public static bool IsPublicKey(string? publicKey)
    {
        using var key = TryImportPublic(publicKey);
        return key is not null;
    }

    /// <summary>A VAPID token (RFC 8292 §2) for the push service at <paramref name="audience"/> (its origin), from <paramref name="subject"/>.</summary>
    public static string SignToken(string privateKeyPkcs8, string audience, string subject, DateTimeOffset expires)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKeyPkcs8), out _);
        var claims = new JsonObject { ["aud"] = audience, ["exp"] = expires.ToUnixTimeSeconds(), ["sub"] = subject };
        // JWS wants r‖s (IEEE P1363), which is what ECDsa produces by default.
        return CompactJwt.Create(Algorithm, claims, data => key.SignData(data, HashAlgorithmName.SHA256));
    }

    /// <summary>
    /// The token's claims when a push service would accept it for <paramref name="publicKey"/>: signature valid,
    /// not expired, and expiring within 24 hours as RFC 8292 asks. Null otherwise.
    /// </summary>
    public static JsonObject? Verify(string token, string publicKey, DateTimeOffset now)
    {
        using var key = TryImportPublic(publicKey);
        if (key is null)
        {
            return null;
        }
        var claims = CompactJwt.Read(token, Algorithm, (data, signature) => key.VerifyData(data, signature, HashAlgorithmName.SHA256));
        var expires = claims?["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        return expires > now && expires <= now + MaxTokenLifetime ? claims : null;
    }

    private static ECDsa? TryImportPublic(string? publicKey)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return null;
        }
        try
        {
            var point = Base64Url.DecodeFromChars(publicKey.Trim());
            if (point.Length != PointLength || point[0] != 0x04)
            {
                return null;
            }
            return ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..(1 + CoordinateLength)], Y = point[(1 + CoordinateLength)..] },
            });
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
