using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallbackPortal.Push;

/// <summary>
/// The compact JSON Web Token form (RFC 7519): <c>header.claims.signature</c>, each part base64url. Push needs only
/// to make and check its own tokens (VAPID's ES256, the FCM assertion's RS256), so the signing is passed in.
/// </summary>
public static class CompactJwt
{
    /// <summary>A token with the header <c>{"typ":"JWT","alg":<paramref name="algorithm"/>}</c>, signed over <c>header.claims</c>.</summary>
    public static string Create(string algorithm, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = algorithm };
        var signingInput = Part(header) + "." + Part(claims);
        return signingInput + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims when the token is well formed, names <paramref name="algorithm"/> and <paramref name="verify"/> accepts its signature; null otherwise.</summary>
    public static JsonObject? Read(string token, string algorithm, Func<byte[], byte[], bool> verify)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))?["alg"]?.GetValue<string>() != algorithm)
            {
                return null;
            }
            var signed = verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]));
            return signed ? JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
