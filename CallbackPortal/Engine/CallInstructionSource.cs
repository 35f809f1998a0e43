using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Telephony;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Engine;

/// <summary>What the call does once answered: greet, then bridge the agent (customer-first) or the consumer (agent-first).</summary>
public sealed class CallInstructionSource(IDbContextFactory<AppDbContext> dbFactory) : ICallInstructionSource
{
    public async Task<CallInstructions?> GetInstructionsAsync(Guid attemptId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attempt = await db.DialAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, ct);
        if (attempt is null || attempt.Stage == AttemptStage.Finished)
        {
            return null;
        }
        var callback = await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == attempt.CallbackId, ct);
        if (callback.State != CallbackState.Routing)
        {
            return null;
        }
        var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
        if (attempt.AgentFirst)
        {
            var name = string.Join(' ', new[] { callback.FirstName, callback.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            var greeting = $"Callback for {(name.Length > 0 ? name : "a customer")} on {service.Name}. Connecting now.";
            return new CallInstructions(greeting, callback.PhoneNumber, service.CallerId, service.Language);
        }
        var agent = attempt.AgentId is { } agentId ? await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, ct) : null;
        if (agent is null || agent.Presence is AgentPresence.Offline or AgentPresence.NotReady)
        {
            return null;
        }
        return new CallInstructions(service.Greeting, agent.Phone, service.CallerId, service.Language);
    }
}
