using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>
/// Sends the originate request for a written attempt. Taking the send is a conditional update (one winner
/// even if the job runs twice); the attempt's idempotency key goes to the provider, so a send repeated after
/// a crash cannot become a second call.
/// </summary>
public sealed class AttemptDialer(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ITelephonyProvider provider,
    CallOutcomes outcomes,
    IOptions<EngineOptions> options,
    ILogger<AttemptDialer> logger)
{
    public async Task DialAsync(Guid attemptId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now.AddSeconds(-options.Value.ClaimLeaseSeconds);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.DialAttempts
            .Where(a => a.Id == attemptId && a.Stage == AttemptStage.Created && (a.SentAt == null || a.SentAt < staleBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SentAt, now), ct);
        if (taken == 0)
        {
            return;
        }
        var attempt = await db.DialAttempts.SingleAsync(a => a.Id == attemptId, ct);
        var callback = await db.Callbacks.SingleAsync(c => c.Id == attempt.CallbackId, ct);
        var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
        if (callback.State != CallbackState.Routing)
        {
            attempt.Stage = AttemptStage.Finished;
            attempt.Result = DialResult.Unknown;
            attempt.Detail = $"not sent: the callback is {callback.State}";
            await db.SaveChangesAsync(ct);
            return;
        }

        var result = await provider.OriginateAsync(new OriginateRequest(
            attempt.Id, attempt.IdempotencyKey, attempt.To, service.CallerId,
            MachineDetection: !attempt.AgentFirst, service.RingTimeoutSeconds), ct);
        if (result.Accepted)
        {
            var updated = await db.DialAttempts
                .Where(a => a.Id == attemptId && a.Stage == AttemptStage.Created)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Stage, AttemptStage.Dialing).SetProperty(a => a.ProviderCallId, result.ProviderCallId), ct);
            if (updated == 0)
            {
                // Progress from the provider arrived before this line; it already moved the attempt on.
                await db.DialAttempts.Where(a => a.Id == attemptId && a.ProviderCallId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ProviderCallId, result.ProviderCallId), ct);
            }
            return;
        }
        logger.LogWarning("Originate for attempt {AttemptId} refused: {Error}", attemptId, result.Error);
        await outcomes.ApplyAsync(attemptId, result.Retryable ? DialResult.Failed : DialResult.InvalidNumber, $"provider: {result.Error}", ct);
    }
}
