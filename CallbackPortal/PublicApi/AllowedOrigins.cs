using System.Text.RegularExpressions;

namespace CallbackPortal.PublicApi;

/// <summary>
/// The web origins a service lets call its consumer API from a browser: <c>https://shop.example.com</c>,
/// <c>http://localhost:8080</c>, or <c>https://*.example.com</c> for every subdomain (not the bare domain).
/// No other wildcards, no paths, no <c>null</c>.
/// </summary>
public static partial class AllowedOrigins
{
    /// <summary>Why <paramref name="origin"/> cannot be allowed, or null when it is well formed.</summary>
    public static string? Problem(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin))
        {
            return "An origin is required.";
        }
        if (origin.Length > 253)
        {
            return "An origin is at most 253 characters.";
        }
        if (string.Equals(origin, "null", StringComparison.OrdinalIgnoreCase))
        {
            return "'null' is not an origin that can be trusted.";
        }
        return OriginPattern().IsMatch(origin) ? null : "Use scheme://host[:port] (http or https, no path), optionally with a leading '*.' for subdomains.";
    }

    /// <summary>The stored form: lower case, no trailing slash.</summary>
    public static string Normalize(string origin) => origin.Trim().TrimEnd('/').ToLowerInvariant();

    public static bool Allows(IEnumerable<string> allowed, string origin)
    {
        var candidate = Normalize(origin);
        foreach (var entry in allowed)
        {
            var pattern = Normalize(entry);
            if (pattern == candidate)
            {
                return true;
            }
            var star = pattern.IndexOf("://*.", StringComparison.Ordinal);
            if (star > 0)
            {
                var scheme = pattern[..(star + 3)];
                var suffix = pattern[(star + 4)..];
                if (candidate.StartsWith(scheme, StringComparison.Ordinal) && candidate.EndsWith(suffix, StringComparison.Ordinal)
                    && candidate.Length > scheme.Length + suffix.Length && !candidate[scheme.Length..^suffix.Length].Contains('/'))
                {
                    return true;
                }
            }
        }
        return false;
    }

    [GeneratedRegex(@"^https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginPattern();
}
