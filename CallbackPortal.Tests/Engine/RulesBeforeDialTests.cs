using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Rules;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Engine;

/// <summary>Rules are checked again right before each dial: a rule changed after the request was accepted still protects.</summary>
public sealed class RulesBeforeDialTests
{
    [Fact]
    public async Task ANumberBlockedAfterItWasQueuedIsNeverDialed()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        var callback = await engine.RequestAsync(phone: "+12025550143");
        await using (var db = engine.Database.CreateDbContext())
        {
            var stored = await db.CallbackServices.SingleAsync(s => s.Id == service.Id);
            stored.Rules = new ServiceRules { BlockedPatterns = [new BlockedPattern { Kind = PatternKind.Wildcard, Pattern = "+1202555*", Note = "fraud wave" }] };
            await db.SaveChangesAsync();
        }

        var agent = await engine.AddAgentAsync("Ada");
        await engine.RunDueAsync();

        Assert.Empty(engine.Telephony.Calls);
        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal((CallbackState.Completed, CompletionReason.Failed), (done.State, done.Reason));
        Assert.Contains("blocked-pattern", done.ReasonDetail);
        Assert.Contains(done.Events, e => e.Kind == CallbackEventKinds.Rule && e.Detail!.Contains("blocked-pattern"));
        Assert.Equal(AgentPresence.Ready, (await engine.AgentAsync(agent.Id)).Presence);
    }

    [Fact]
    public async Task ACountryWithdrawnBeforeARetryStopsTheRetry()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync(s => s.RetryIntervalSeconds = 60);
        await engine.AddAgentAsync("Ada");
        var callback = await engine.RequestAsync(phone: "+12025550143");
        await engine.RunDueAsync();
        await engine.ReportAsync("+12025550143", new CallbackPortal.Telephony.CallProgress(CallbackPortal.Telephony.CallStage.Busy, CallbackPortal.Telephony.AnsweredBy.Unknown, null, "busy"));
        Assert.Equal(CallbackState.Scheduled, (await engine.CallbackAsync(callback.Id)).State);

        await using (var db = engine.Database.CreateDbContext())
        {
            var stored = await db.CallbackServices.SingleAsync(s => s.Id == service.Id);
            stored.Rules = new ServiceRules { PermittedCountries = ["GB"] };
            await db.SaveChangesAsync();
        }
        await engine.AdvanceAsync(TimeSpan.FromSeconds(61));

        Assert.Single(engine.Telephony.Calls);
        var done = await engine.CallbackAsync(callback.Id);
        Assert.Equal(CompletionReason.Failed, done.Reason);
        Assert.Contains("permitted-countries", done.ReasonDetail);
    }
}
