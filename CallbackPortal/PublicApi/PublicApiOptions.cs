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
}
