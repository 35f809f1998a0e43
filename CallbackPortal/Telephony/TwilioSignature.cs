using System.Security.Cryptography;
using System.Text;

namespace CallbackPortal.Telephony;

/// <summary>
/// Twilio's <c>X-Twilio-Signature</c>: HMAC-SHA1, keyed with the auth token, over the full URL followed by every
/// POST parameter as name then value, sorted by name (and by value for a repeated name), base64-encoded.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }
        // SHA-1 is what Twilio's protocol prescribes; as an HMAC it is not open to the collision attacks on SHA-1.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// True when <paramref name="signature"/> was made for this URL and these parameters. Like Twilio's own
    /// libraries it also accepts the URL with the default port added or removed, since proxies disagree on it.
    /// </summary>
    public static bool IsValid(string authToken, string url, IReadOnlyCollection<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
        {
            return false;
        }
        var given = Encoding.UTF8.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            var expected = Encoding.UTF8.GetBytes(Compute(authToken, candidate, parameters));
            // Every variant is compared, so the time taken says nothing about which one was close.
            valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        }
        return valid;
    }

    /// <summary>The URL as given, then with its port removed, or with the scheme's default port added when it had none.</summary>
    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            yield break;
        }
        var hostEnd = url.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
        hostEnd = hostEnd < 0 ? url.Length : hostEnd;
        var hostStart = Math.Max(schemeEnd + 3, url.LastIndexOf('@', hostEnd - 1) + 1);
        var authority = url[hostStart..hostEnd];
        var colon = authority.LastIndexOf(':');
        if (colon > authority.LastIndexOf(']'))
        {
            yield return url[..(hostStart + colon)] + url[hostEnd..];
        }
        else
        {
            var port = url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
            yield return url[..hostEnd] + ":" + port + url[hostEnd..];
        }
    }
}
