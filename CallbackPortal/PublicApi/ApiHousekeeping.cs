using CallbackPortal.Diagnostics;
using CallbackPortal.PublicApi.Captcha;

namespace CallbackPortal.PublicApi;

/// <summary>The hourly clean-up of what the API keeps for a while: idempotency keys, used CAPTCHA challenges, the error and CORS logs.</summary>
public sealed class ApiHousekeeping(IdempotencyStore idempotency, ProofOfWorkChallenges challenges, DiagnosticsHousekeeping diagnostics, ILogger<ApiHousekeeping> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var removed = await idempotency.PurgeAsync(ct) + await challenges.PurgeExpiredAsync(ct) + await diagnostics.TrimAsync(ct);
        if (removed > 0)
        {
            logger.LogInformation("API housekeeping removed {Count} expired rows", removed);
        }
    }
}
