using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The agents and skills pages' services over a test database, with the engine's presence changes at hand.</summary>
internal sealed class AgentsTestServices(TestDatabase database)
{
    public static readonly PortalActor Admin = new("admin-id", "admin@example.com", ServiceScope.Everything);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public CallbackEventStream Events { get; } = new();

    public AgentPresenceService Presence => new(database, Clock, new NoTriggers(), Events);

    public AgentDirectory Directory => new(database, Presence, new AuditLog(Clock));

    public SkillCatalogue Catalogue => new(database, new AuditLog(Clock), Clock);

    /// <summary>Registers what the agents and skills pages inject.</summary>
    public void Register(IServiceCollection services) => services
        .AddSingleton(Events).AddSingleton(Presence).AddSingleton(Directory).AddSingleton(Catalogue)
        .AddSingleton(new AgentChangeFeed(Events)).AddSingleton<TimeProvider>(Clock);

    public async Task CatalogueAsync(params string[] names)
    {
        await using var db = database.CreateDbContext();
        db.Skills.AddRange(names.Select(n => new SkillDefinition { Name = n, CreatedAt = Clock.GetUtcNow() }));
        await db.SaveChangesAsync();
    }

    public async Task<Agent> AgentAsync(string name, params (string Skill, int Level)[] skills)
    {
        var agent = new Agent
        {
            Id = Guid.NewGuid(),
            Name = name,
            Phone = "+12015550123",
            Skills = [.. skills.Select(s => new AgentSkill { Skill = s.Skill, Level = s.Level })],
        };
        await using var db = database.CreateDbContext();
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent;
    }

    public async Task<string> UserAsync(string email)
    {
        var user = new ApplicationUser { Id = Guid.NewGuid().ToString(), UserName = email, Email = email, DisplayName = email.Split('@')[0] };
        await using var db = database.CreateDbContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>What the engine does to an agent: any change through the entity, saved like the engine saves it.</summary>
    public async Task EngineAsync(Guid agentId, Action<Agent, DateTimeOffset> change)
    {
        await using var db = database.CreateDbContext();
        var agent = await db.Agents.SingleAsync(a => a.Id == agentId);
        change(agent, Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async Task<Agent> StoredAsync(Guid agentId)
    {
        await using var db = database.CreateDbContext();
        return await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId);
    }

    public async Task<List<AuditEntry>> AuditAsync(string area)
    {
        await using var db = database.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Area == area).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>A signed-in user with the given roles and no other policies (PortalPages signs in an administrator otherwise).</summary>
    public static Action<BunitAuthorizationContext> User(string id, string role, params string[] policies) => auth =>
    {
        auth.SetAuthorized(id + "@example.com");
        auth.SetRoles(role);
        auth.SetPolicies(policies);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id));
    };

    private sealed class NoTriggers : IEngineTriggers
    {
        public void Dispatch()
        {
        }

        public void Dial(Guid attemptId)
        {
        }

        public void PromoteAt(Guid callbackId, DateTimeOffset at)
        {
        }

        public void EndWrapUpAt(Guid agentId, DateTimeOffset at)
        {
        }

        public void PreviewTimeoutAt(Guid callbackId, Guid agentId, DateTimeOffset at)
        {
        }
    }
}
