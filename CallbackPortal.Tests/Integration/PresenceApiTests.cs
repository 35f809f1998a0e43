using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Integration;

/// <summary><c>PUT /api/v1/agents/{id}/presence</c>: an external ACD with an API key drives agent presence exactly as the portal does.</summary>
[Collection(PortalCollection.Name)]
public sealed class PresenceApiTests(SharedPortal portal)
{
    private static readonly PortalActor Admin = new(null, "tests", ServiceScope.Everything);

    private ApiKeyStore Keys => portal.Host.Services.GetRequiredService<ApiKeyStore>();

    private async Task<string> KeyAsync(params string[] scopes) =>
        (await Keys.CreateAsync(Admin, new ApiKeyForm { Name = "key " + Guid.NewGuid().ToString("N")[..8], Scopes = [.. scopes] }, CancellationToken.None)).Key!;

    private async Task<Agent> AgentAsync(string skill, Action<Agent>? configure = null)
    {
        var agent = new Agent { Id = Guid.NewGuid(), Name = "ACD " + skill, Phone = $"sip:{skill}@agents.test", Skills = [new AgentSkill { Skill = skill, Level = 3 }] };
        configure?.Invoke(agent);
        await using var db = await ApiServices.DbAsync(portal.Host);
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent;
    }

    private async Task<HttpResponseMessage> PutAsync(Guid agentId, string? key, string json, string? origin = null)
    {
        using var client = portal.Host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agents/{agentId}/presence")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return await client.Http.SendAsync(request);
    }

    private async Task<AgentPresence> PresenceOfAsync(Guid agentId)
    {
        await using var db = await ApiServices.DbAsync(portal.Host);
        return (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId)).Presence;
    }

    [Fact]
    public async Task AKeyWithThePresenceScopeTurnsAnAgentReadyAndTheEngineRoutesItsCallback()
    {
        var skill = "acd-" + Guid.NewGuid().ToString("N")[..6];
        var service = await ApiServices.CreateAsync(portal.Host, s => s.RequiredSkills = [new RequiredSkill { Skill = skill }]);
        var agent = await AgentAsync(skill);
        using var consumer = portal.Host.NewClient();
        var created = await ApiServices.CreateCallbackAsync(consumer.Http, service.Key, new { phoneNumber = "+12025550177" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var callbackId = (await ApiServices.JsonAsync(created)).GetProperty("id").GetGuid();
        var key = await KeyAsync(ApiKeyScopes.Presence);

        var response = await PutAsync(agent.Id, key, """{ "presence": "Ready" }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiServices.JsonAsync(response);
        Assert.Equal(agent.Id, body.GetProperty("agentId").GetGuid());
        Assert.Equal("Ready", body.GetProperty("presence").GetString());
        Assert.EndsWith("Z", body.GetProperty("since").GetString());
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            return (await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == callbackId)).State != CallbackState.Queued;
        }), "the engine did not route the queued callback to the agent who turned Ready");
        await using var check = await ApiServices.DbAsync(portal.Host);
        Assert.NotNull((await check.ApiKeys.SingleAsync(k => k.Prefix == key.Substring(0, 12))).LastUsedAt);
    }

    [Fact]
    public async Task MissingUnknownRevokedExpiredAndUnscopedKeysAreRefusedAndLogged()
    {
        var agent = await AgentAsync("refused-" + Guid.NewGuid().ToString("N")[..6]);
        var revoked = await KeyAsync(ApiKeyScopes.Presence);
        var expired = await KeyAsync(ApiKeyScopes.Presence);
        var unscoped = await KeyAsync(ApiKeyScopes.ClickToCall);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var revokedId = (await db.ApiKeys.SingleAsync(k => k.Prefix == revoked.Substring(0, 12))).Id;
            Assert.Null(await Keys.RevokeAsync(Admin, revokedId, CancellationToken.None));
            // Time has passed: its expiry is behind us.
            await db.ApiKeys.Where(k => k.Prefix == expired.Substring(0, 12)).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        const string Ready = """{ "presence": "Ready" }""";

        var cases = new (string? Key, HttpStatusCode Status, string Code)[]
        {
            (null, HttpStatusCode.Unauthorized, "api-key-missing"),
            ("cbk_" + new string('A', 43), HttpStatusCode.Unauthorized, "api-key-invalid"),
            (revoked, HttpStatusCode.Unauthorized, "api-key-invalid"),
            (expired, HttpStatusCode.Unauthorized, "api-key-invalid"),
            (unscoped, HttpStatusCode.Forbidden, "api-key-scope"),
        };
        foreach (var (key, status, code) in cases)
        {
            var response = await PutAsync(agent.Id, key, Ready);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, await ApiServices.CodeAsync(response));
            Assert.Equal(status == HttpStatusCode.Unauthorized, response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"));
        }

        Assert.Equal(AgentPresence.Offline, await PresenceOfAsync(agent.Id));
        var path = $"/api/v1/agents/{agent.Id}/presence";
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            var codes = await db.ApiErrors.Where(e => e.Path == path).Select(e => e.Code).ToListAsync();
            return codes.Count == 5 && codes.Distinct().Count() == 3;
        }), "the refusals are not all in the API error log");
    }

    [Theory]
    [InlineData("not json", "validation-failed")]
    [InlineData("""{ }""", "validation-failed")]
    [InlineData("""{ "presence": "Sleeping" }""", "validation-failed")]
    [InlineData("""{ "presence": "2" }""", "validation-failed")]
    [InlineData("""{ "presence": "OnCall" }""", "validation-failed")]
    [InlineData("""{ "presence": 2 }""", "validation-failed")]
    public async Task ABodyThatIsNotAReportablePresenceIsA400(string json, string code)
    {
        var agent = await AgentAsync("body-" + Guid.NewGuid().ToString("N")[..6]);

        var response = await PutAsync(agent.Id, await KeyAsync(ApiKeyScopes.Presence), json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await ApiServices.CodeAsync(response));
        Assert.Equal(AgentPresence.Offline, await PresenceOfAsync(agent.Id));
    }

    [Fact]
    public async Task AnUnknownAgentIsA404AndAnAgentOnACallIsA409()
    {
        var key = await KeyAsync(ApiKeyScopes.Presence);
        var busy = await AgentAsync("busy-" + Guid.NewGuid().ToString("N")[..6], a =>
        {
            a.SetPresence(AgentPresence.Ready, DateTimeOffset.UtcNow);
            a.Reserve(Guid.NewGuid(), DateTimeOffset.UtcNow);
        });

        var unknown = await PutAsync(Guid.NewGuid(), key, """{ "presence": "Ready" }""");
        var onCall = await PutAsync(busy.Id, key, """{ "presence": "NotReady" }""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown-agent", await ApiServices.CodeAsync(unknown));
        Assert.Equal(HttpStatusCode.Conflict, onCall.StatusCode);
        Assert.Equal("agent-busy", await ApiServices.CodeAsync(onCall));
        Assert.Equal(AgentPresence.Reserved, await PresenceOfAsync(busy.Id));
    }

    [Fact]
    public async Task AServerThatSendsAnOriginIsServedOnItsKeyWithoutCorsHeadersOrARejection()
    {
        var agent = await AgentAsync("origin-" + Guid.NewGuid().ToString("N")[..6]);
        const string Origin = "https://acd.example.net";

        var response = await PutAsync(agent.Id, await KeyAsync(ApiKeyScopes.Presence), """{ "presence": "NotReady" }""", Origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(AgentPresence.NotReady, await PresenceOfAsync(agent.Id));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.False(await db.CorsRejections.AnyAsync(r => r.Origin == Origin));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheEndpointAndItsKey()
    {
        using var client = portal.Host.NewClient();

        var document = await ApiServices.JsonAsync(await client.GetAsync("/openapi/v1.json"));

        var put = document.GetProperty("paths").GetProperty("/api/v1/agents/{agentId}/presence").GetProperty("put");
        Assert.Equal("Integration", put.GetProperty("tags")[0].GetString());
        Assert.True(put.GetProperty("security")[0].TryGetProperty(ApiKeyAuthentication.SchemeName, out _));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiKeyAuthentication.SchemeName);
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        foreach (var status in new[] { "200", "400", "401", "403", "404", "409" })
        {
            Assert.True(put.GetProperty("responses").TryGetProperty(status, out _), $"{status} is not described");
        }
    }
}
