using CallbackPortal.Diagnostics;
using CallbackPortal.PublicApi.Captcha;
using Microsoft.Extensions.Options;

namespace CallbackPortal.PublicApi;

/// <summary>The hourly clean-up of what the API keeps for a while: idempotency keys, used CAPTCHA challenges, the error and CORS logs, the rate limit's old windows (PostgreSQL).</summary>
public sealed class ApiHousekeeping(IdempotencyStore idempotency, ProofOfWorkChallenges challenges, DiagnosticsHousekeeping diagnostics, IOptions<PublicApiOptions> options,
    ILogger<ApiHousekeeping> logger, DatabaseRateLimits? rateLimits = null)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var removed = await idempotency.PurgeAsync(ct) + await challenges.PurgeExpiredAsync(ct) + await diagnostics.TrimAsync(ct)
            + (rateLimits is null ? 0 : await rateLimits.PurgeAsync(TimeSpan.FromSeconds(options.Value.RateLimitWindowSeconds), ct));
        if (removed > 0)
        {
            logger.LogInformation("API housekeeping removed {Count} expired rows", removed);
        }
    }
}
