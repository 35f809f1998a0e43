using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using CallbackPortal.Telephony.Simulator;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.PublicApi.Captcha;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.EndToEnd;

/// <summary>
/// The whole product as it runs: public API → engine → Hangfire jobs → Twilio-compatible adapter over real HTTP →
/// built-in carrier simulator → signed status callbacks → engine, until the callback completes.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CallbackFlowTests(SharedPortal portal)
{
    /// <summary>How often a wait-for-condition loop looks again (never a fixed sleep standing in for the condition).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private IServiceProvider Services => portal.Host.Services;

    private async Task<(string Key, Agent Agent)> ServiceWithAgentAsync()
    {
        var skill = "flow-" + Guid.NewGuid().ToString("N")[..6];
        var agent = new Agent { Id = Guid.NewGuid(), Name = "Flow " + skill, Phone = $"sip:{skill}@agents.test", Skills = [new AgentSkill { Skill = skill, Level = 3 }] };
        await using (var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.CallbackServices.Add(new CallbackService
            {
                Id = Guid.NewGuid(), Key = skill, Name = skill, CallerId = "+12025550100", WrapUpSeconds = 1, RetryIntervalSeconds = 1,
                RequiredSkills = [new RequiredSkill { Skill = skill }], Schedule = ServiceSchedule.AlwaysOpen("UTC"),
            });
            db.Agents.Add(agent);
            await db.SaveChangesAsync();
        }
        await Services.GetRequiredService<AgentPresenceService>().SetPresenceAsync(agent.Id, AgentPresence.Ready, CancellationToken.None);
        return (skill, agent);
    }

    private async Task<Callback> WaitForAsync(Guid id, Func<Callback, bool> condition)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var callback = await db.Callbacks.AsNoTracking().Include(c => c.Attempts).SingleAsync(c => c.Id == id);
            if (condition(callback))
            {
                return callback;
            }
            Assert.True(DateTime.UtcNow < deadline, $"callback still {callback.State} {callback.Reason}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>As the widget does it: fetch the service's proof-of-work challenge, solve it, and send the solution with the request.</summary>
    private async Task<Guid> RequestAsync(string service, string phone)
    {
        using var client = portal.Host.NewClient();
        var challenge = await client.Http.GetFromJsonAsync<AltchaChallenge>($"/api/v1/captcha/challenge?service={service}");
        var response = await client.Http.PostAsJsonAsync($"/api/v1/services/{service}/callbacks",
            new { phoneNumber = phone, firstName = "Flo", captcha = AltchaSolver.Solve(challenge!) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task AnApiRequestIsDialedThroughTheSimulatorAndConnectedToTheAgent()
    {
        var (service, agent) = await ServiceWithAgentAsync();
        var phone = "+12025550161";
        Services.GetRequiredService<CarrierSimulator>().Script(phone, SimulatedOutcome.Person);

        var id = await RequestAsync(service, phone);
        var done = await WaitForAsync(id, c => c.State == CallbackState.Completed);

        Assert.Equal(CompletionReason.AgentConnected, done.Reason);
        var attempt = Assert.Single(done.Attempts);
        Assert.Equal(1, Services.GetRequiredService<CarrierSimulator>().Ledger.CallsPlaced(attempt.IdempotencyKey));
        Assert.Equal(agent.Id, attempt.AgentId);
    }

    [Fact]
    public async Task ABusyNumberIsRetriedAndThenConnected()
    {
        var (service, _) = await ServiceWithAgentAsync();
        var phone = "+12025550162";
        Services.GetRequiredService<CarrierSimulator>().Script(phone, SimulatedOutcome.Busy, SimulatedOutcome.Person);

        var id = await RequestAsync(service, phone);
        var done = await WaitForAsync(id, c => c.State == CallbackState.Completed);

        Assert.Equal(CompletionReason.AgentConnected, done.Reason);
        Assert.Equal([DialResult.Busy, DialResult.Person], done.Attempts.OrderBy(a => a.Number).Select(a => a.Result!.Value));
    }
}
