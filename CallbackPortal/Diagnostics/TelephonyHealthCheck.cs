using System.Net;
using CallbackPortal.Telephony;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Diagnostics;

/// <summary>
/// Healthy when the telephony provider answers with our credentials: it asks for a call that cannot exist, which a
/// provider answers "not found" only after accepting the account and token. Nothing is dialed.
/// </summary>
public sealed class TelephonyHealthCheck(ITelephonyProvider provider, IOptions<TelephonyOptions> options) : IHealthCheck
{
    /// <summary>A well-formed call id no provider hands out.</summary>
    public const string ProbeCallId = "CA00000000000000000000000000000000";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var who = settings.UsesSimulator ? "The built-in carrier simulator" : $"The telephony provider at {settings.BaseUrl}";
        try
        {
            await provider.GetCallStatusAsync(ProbeCallId, cancellationToken);
            return HealthCheckResult.Healthy($"{who} answers and accepts the credentials.");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.StatusCode switch
            {
                null => $"{who} cannot be reached ({e.Message}).",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"{who} refuses the account and token ({e.Message}).",
                _ => $"{who} answers with an error ({e.Message}).",
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{who} did not answer within {settings.RequestTimeoutSeconds} s.");
        }
        catch (InvalidOperationException e)
        {
            // The simulator lives at this app's own address, which is unknown until the server listens.
            return HealthCheckResult.Unhealthy($"{who} cannot be asked yet ({e.Message}).");
        }
    }
}
