using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.PublicApi;

public sealed class PublicApiOptions
{
    public const string Section = "PublicApi";

    /// <summary>Requests one client address may make to the anonymous consumer endpoints per window.</summary>
    [Range(1, 1_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int RateLimitPermits { get; set; } = 120;

    [Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Addresses of reverse proxies in front of the app whose <c>X-Forwarded-For</c> is believed (loopback always is),
    /// so that rate limits, CAPTCHA checks and the error log see the consumer's address, not the proxy's.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>The key a client is rate-limited under: its IPv4 address, or the /64 of an IPv6 one (which one subscriber holds whole).</summary>
public static class ClientAddress
{
    public static string PartitionOf(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        return Convert.ToHexStringLower(bytes, 0, 8) + "/64";
    }
}
