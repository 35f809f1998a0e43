using CallbackPortal.Agents;
using CallbackPortal.Audit;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Configuration;

/// <summary>Agents: created and edited with validated fields, one per portal user, edits not upset by presence changes, deletes and presence by the engine's rules, all audited.</summary>
public sealed class AgentsTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private AgentsTestServices services = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        services = new AgentsTestServices(database);
        await services.CatalogueAsync("Billing", "support");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task ANewAgentIsStoredWithAnE164PhoneAndTheCataloguesSpellingAndAudited()
    {
        var form = new AgentForm
        {
            Name = " Ada Lovelace ",
            Phone = "+1 201-555-0123",
            Skills = [new AgentSkill { Skill = "billing", Level = 7 }, new AgentSkill { Skill = "SUPPORT", Level = 2 }],
        };

        var errors = await services.Directory.SaveAsync(AgentsTestServices.Admin, form, CancellationToken.None);

        Assert.Empty(errors);
        var agent = Assert.Single(await services.Directory.ListAsync(CancellationToken.None));
        Assert.Equal(("Ada Lovelace", "+12015550123", AgentPresence.Offline), (agent.Name, agent.Phone, agent.Presence));
        Assert.Equal(["Billing 7", "support 2"], agent.Skills.Select(s => $"{s.Skill} {s.Level}"));
        var entry = Assert.Single(await services.AuditAsync(AuditAreas.Agents));
        Assert.Equal((AuditActions.Created, "Ada Lovelace", "admin@example.com"), (entry.Action, entry.Target, entry.UserName));
        Assert.Contains(AuditChanges.FromJson(entry.Changes), c => c.Field == "skills" && c.After == "Billing 7, support 2");
    }

    [Fact]
    public async Task ASipAddressIsAcceptedAndKeptAsTyped()
    {
        var form = new AgentForm { Name = "Grace", Phone = "SIP:grace.hopper@pbx.example.com:5060" };

        Assert.Empty(await services.Directory.SaveAsync(AgentsTestServices.Admin, form, CancellationToken.None));

        Assert.Equal("sip:grace.hopper@pbx.example.com:5060", Assert.Single(await services.Directory.ListAsync(CancellationToken.None)).Phone);
    }

    [Fact]
    public async Task BadFieldsAreRefusedEachAtItsFieldAndNothingIsStored()
    {
        await services.AgentAsync("Alan Turing");
        var form = new AgentForm
        {
            Name = "alan turing",
            Phone = "202 555 0123",
            Skills =
            [
                new AgentSkill { Skill = "juggling", Level = 3 },
                new AgentSkill { Skill = "support", Level = 11 },
                new AgentSkill { Skill = "Support", Level = 1 },
            ],
        };

        var errors = await services.Directory.SaveAsync(AgentsTestServices.Admin, form, CancellationToken.None);

        Assert.Contains("already called", errors["name"][0]);
        Assert.Contains("'+'", errors["phone"][0]);
        Assert.Contains("not in the skills catalogue", errors["skills[0].skill"][0]);
        Assert.Contains("between 1 and 10", errors["skills[1].level"][0]);
        Assert.Contains("listed twice", errors["skills[2].skill"][0]);
        Assert.Single(await services.Directory.ListAsync(CancellationToken.None));
        Assert.Empty(await services.AuditAsync(AuditAreas.Agents));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+1 202")]
    [InlineData("+999 1234567")]
    [InlineData("sip:nobody")]
    [InlineData("sip:a b@host")]
    public async Task APhoneThatCannotBeDialedIsRefused(string phone)
    {
        var errors = await services.Directory.SaveAsync(AgentsTestServices.Admin, new AgentForm { Name = "Katherine", Phone = phone }, CancellationToken.None);

        Assert.True(errors.ContainsKey("phone"));
        Assert.Empty(await services.Directory.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task APortalUserWorksAsOneAgentOnly()
    {
        var userId = await services.UserAsync("ada@example.com");
        var first = new AgentForm { Name = "Ada", Phone = "+12015550123", UserId = userId };
        var second = new AgentForm { Name = "Ada again", Phone = "+12015550124", UserId = userId };

        Assert.Empty(await services.Directory.SaveAsync(AgentsTestServices.Admin, first, CancellationToken.None));
        var errors = await services.Directory.SaveAsync(AgentsTestServices.Admin, second, CancellationToken.None);

        Assert.Contains("already works as Ada", errors["userId"][0]);
        var ada = Assert.Single(await services.Directory.ListAsync(CancellationToken.None));
        Assert.Equal("ada (ada@example.com)", ada.UserName);
        Assert.Equal(ada.Id, (await services.Directory.UsersAsync(CancellationToken.None)).Single().AgentId);
    }

    [Fact]
    public async Task AnEditSurvivesPresenceChangesButNotAProfileChangedBySomeoneElse()
    {
        var agent = await services.AgentAsync("Ada", ("support", 3));
        var mine = (await services.Directory.LoadAsync(agent.Id, CancellationToken.None))!;
        var theirs = (await services.Directory.LoadAsync(agent.Id, CancellationToken.None))!;

        await services.EngineAsync(agent.Id, (a, now) => a.SetPresence(AgentPresence.Ready, now));
        await services.EngineAsync(agent.Id, (a, now) => a.Reserve(Guid.NewGuid(), now));
        mine.Skills[0].Level = 8;
        var saved = await services.Directory.SaveAsync(AgentsTestServices.Admin, mine, CancellationToken.None);
        theirs.Name = "Ada L.";
        var refused = await services.Directory.SaveAsync(AgentsTestServices.Admin, theirs, CancellationToken.None);

        Assert.Empty(saved);
        Assert.Contains("changed by someone else", refused[""][0]);
        var stored = await services.StoredAsync(agent.Id);
        Assert.Equal(("Ada", 8, AgentPresence.Reserved), (stored.Name, stored.Skills[0].Level, stored.Presence));
    }

    [Fact]
    public async Task AnAgentOnACallIsNotDeletedAndAFreeOneIs()
    {
        var agent = await services.AgentAsync("Ada", ("support", 3));
        await services.EngineAsync(agent.Id, (a, now) => a.SetPresence(AgentPresence.Ready, now));
        await services.EngineAsync(agent.Id, (a, now) => a.Reserve(Guid.NewGuid(), now));
        await services.EngineAsync(agent.Id, (a, now) => a.StartCall(now));

        var refused = await services.Directory.DeleteAsync(AgentsTestServices.Admin, agent.Id, CancellationToken.None);
        await services.EngineAsync(agent.Id, (a, now) => a.EndCall(now));
        var deleted = await services.Directory.DeleteAsync(AgentsTestServices.Admin, agent.Id, CancellationToken.None);

        Assert.Contains("Ada is on a call", refused[""][0]);
        Assert.Empty(deleted);
        Assert.Empty(await services.Directory.ListAsync(CancellationToken.None));
        Assert.Equal([AuditActions.Deleted], (await services.AuditAsync(AuditAreas.Agents)).Select(e => e.Action));
    }

    [Fact]
    public async Task PresenceIsSetByHandByTheWorkspacesRulesAndAudited()
    {
        var agent = await services.AgentAsync("Ada", ("support", 3));

        var ready = await services.Directory.SetPresenceAsync(AgentsTestServices.Admin, agent.Id, AgentPresence.Ready, CancellationToken.None);
        await services.EngineAsync(agent.Id, (a, now) => a.Reserve(Guid.NewGuid(), now));
        var busy = await services.Directory.SetPresenceAsync(AgentsTestServices.Admin, agent.Id, AgentPresence.NotReady, CancellationToken.None);
        var engineOnly = await services.Directory.SetPresenceAsync(AgentsTestServices.Admin, agent.Id, AgentPresence.OnCall, CancellationToken.None);

        Assert.Empty(ready);
        Assert.Contains("busy with a callback", busy[""][0]);
        Assert.Contains("set by the engine", engineOnly[""][0]);
        Assert.Equal(AgentPresence.Reserved, (await services.StoredAsync(agent.Id)).Presence);
        var entry = Assert.Single(await services.AuditAsync(AuditAreas.Agents));
        Assert.Equal("presence", entry.Action);
        Assert.Contains(AuditChanges.FromJson(entry.Changes), c => c.Field == "presence" && c.Before == "Offline" && c.After == "Ready");
    }
}
