using System.Net;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Telephony;
using CallbackPortal.Telephony.Simulator;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.PublicApi.Corpus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>
/// A generated corpus of malformed requests to every public, integration, widget and telephony endpoint the app maps:
/// no answer is a 5xx, the app logs no error or exception, and no table gains or loses a row.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class BadInputCorpusTests(ITestOutputHelper output)
{
    public const int Seed = 20261207;
    public const int AtLeast = 5000;

    [Fact]
    public async Task ThousandsOfMalformedRequestsGetNo5xxLogNoErrorAndStoreNothing()
    {
        var log = new CapturedLog();
        await using var host = new PortalHost(log: log, settings: new Dictionary<string, string?>
        {
            // The corpus comes from one address; with the usual limit nearly every answer would be a 429 and test nothing.
            ["PublicApi:RateLimitPermits"] = "1000000",
        });
        var targets = await TargetsAsync(host);
        var endpoints = CorpusEndpoints.From(host.Services);
        var corpus = new MalformedCorpus(targets, Seed).Build(endpoints, AtLeast);
        await using var before = await ApiServices.DbAsync(host);
        var rowsBefore = await StoredRows.CountAsync(before);

        var answers = await CorpusSender.SendAsync(host.BaseAddress, corpus, parallelism: 8);

        await using var after = await ApiServices.DbAsync(host);
        var rowsAfter = await StoredRows.CountAsync(after);
        var changed = StoredRows.Changes(rowsBefore, rowsAfter);
        // A well-formed erasure (the corpus's key holds the privacy scope) is recorded on purpose: one audit entry each,
        // and the fingerprint key made on first use. Those, and only those, are allowed to appear.
        var erasures = answers.Count(a => a.Status == 200 && a.Request.Method == "POST" && a.Request.Path.StartsWith("/api/v1/privacy/erasure", StringComparison.Ordinal));
        var privacyEntries = await after.AuditEntries.CountAsync(e => e.Area == CallbackPortal.Audit.AuditAreas.Privacy);
        if (privacyEntries > 0 && privacyEntries <= erasures && rowsAfter["AuditEntries"] - rowsBefore["AuditEntries"] == privacyEntries
            && rowsAfter["SystemFlags"] - rowsBefore["SystemFlags"] <= 1)
        {
            changed = [.. changed.Where(c => !c.StartsWith("AuditEntries:", StringComparison.Ordinal) && !c.StartsWith("SystemFlags:", StringComparison.Ordinal))];
        }
        output.WriteLine(CorpusSummary.Describe(endpoints, answers));
        output.WriteLine($"The app logged {log.Warnings} warnings (refusals it reports) and {log.Failures.Count} errors or exceptions; tables compared: {rowsBefore.Count}.");
        Assert.True(corpus.Count >= AtLeast, $"Only {corpus.Count} requests.");
        var serverErrors = answers.Where(a => a.Status >= 500).ToList();
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} answers were 5xx:\n" + string.Join("\n", serverErrors.Take(15).Select(Describe)));
        var unanswered = answers.Where(a => a.Status == 0 && a.Request.Kind != HeaderAbuse.OverKestrelLimits).ToList();
        Assert.True(unanswered.Count == 0, $"{unanswered.Count} requests got no answer:\n" + string.Join("\n", unanswered.Take(15).Select(Describe)));
        Assert.True(log.Failures.Count == 0, $"The app logged {log.Failures.Count} errors or exceptions:\n" + string.Join("\n", log.Failures.Take(15)));
        Assert.True(changed.Count == 0, "Tables changed: " + string.Join(", ", changed));
    }

    private static string Describe(CorpusAnswer answer) =>
        $"{answer.Status} {answer.Code} {answer.TransportError} ← {answer.Request}\n    {answer.Excerpt}";

    /// <summary>A real service, a callback with its token, an agent, a key per scope: what lets the corpus reach the bodies.</summary>
    private static async Task<CorpusTargets> TargetsAsync(PortalHost host)
    {
        var service = await ApiServices.CreateAsync(host);
        using var client = host.NewClient();
        var created = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = CorpusTargets.PermittedNumber });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var callback = await ApiServices.JsonAsync(created);
        var agent = new Agent { Id = Guid.NewGuid(), Name = "Corpus agent", Phone = "sip:corpus@agents.test" };
        await using (var db = await ApiServices.DbAsync(host))
        {
            db.Agents.Add(agent);
            await db.SaveChangesAsync();
        }
        var keys = new Dictionary<string, string>();
        foreach (var scope in ApiKeyScopes.All)
        {
            var form = new ApiKeyForm { Name = "corpus " + scope, Scopes = [scope] };
            keys[scope] = (await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(new PortalActor(null, "corpus", ServiceScope.Everything), form, CancellationToken.None)).Key!;
        }
        // The first refused request makes the installation key that hashes client addresses (a SystemFlags row): made here, before the count.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/services/no-such-service/status")).StatusCode);
        var simulator = host.Services.GetRequiredService<CarrierSimulatorCredentials>();
        return new CorpusTargets(service.Key, callback.GetProperty("id").GetGuid(), callback.GetProperty("accessToken").GetString()!, agent.Id, keys,
            host.Services.GetRequiredService<TwilioAccount>().AuthToken, host.Services.GetRequiredService<PublicAddress>().BaseUrl, simulator.AccountSid,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{simulator.AccountSid}:{simulator.AuthToken}")));
    }
}
