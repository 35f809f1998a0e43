using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Data;
using CallbackPortal.Push;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Demo;

/// <summary>
/// Demo mode's data: services "sales" and "support" open around the clock and four agents with skills.
/// Idempotent (keyed by service key and agent name), so a restart or a second node adds nothing twice.
/// Creates no login accounts: the first-run page still creates the first administrator. Both services have Web Push on
/// with their own freshly generated VAPID keys (private half protected), so the widget offers "notify me".
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, SecretProtector secrets)
{
    public const string VapidSubject = "mailto:push@demo.example";

    public static readonly string[] AgentNames = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"];

    public Task SeedAsync(CancellationToken ct) => SeedAsync([], ct);

    /// <param name="siteOrigins">Origins of the demo shop site, allowed to call the demo services from a browser (added when missing).</param>
    public async Task SeedAsync(IReadOnlyList<string> siteOrigins, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        if (!await db.CallbackServices.AnyAsync(s => s.Key == "support", ct))
        {
            db.CallbackServices.Add(Service("support", "Customer support", "support", priority: 0, now));
        }
        if (!await db.CallbackServices.AnyAsync(s => s.Key == "sales", ct))
        {
            db.CallbackServices.Add(Service("sales", "Sales", "sales", priority: 10, now));
        }
        foreach (var (skill, description) in new[] { ("support", "Customer support questions"), ("sales", "Orders, quotes and upgrades") })
        {
            if (!await db.Skills.AnyAsync(s => s.Name == skill, ct))
            {
                db.Skills.Add(new SkillDefinition { Name = skill, Description = description, CreatedAt = now });
            }
        }
        var existing = await db.Agents.Select(a => a.Name).ToListAsync(ct);
        for (var i = 0; i < AgentNames.Length; i++)
        {
            if (existing.Contains(AgentNames[i]))
            {
                continue;
            }
            var handle = AgentNames[i].Split(' ')[0].ToLowerInvariant();
            db.Agents.Add(new Agent
            {
                Id = Guid.NewGuid(),
                Name = AgentNames[i],
                Phone = $"sip:{handle}@agents.demo.invalid",
                // Two agents for each service, one of them able to cover both.
                Skills = i switch
                {
                    0 => [new AgentSkill { Skill = "support", Level = 5 }],
                    1 => [new AgentSkill { Skill = "support", Level = 3 }, new AgentSkill { Skill = "sales", Level = 2 }],
                    2 => [new AgentSkill { Skill = "sales", Level = 5 }],
                    _ => [new AgentSkill { Skill = "sales", Level = 3 }, new AgentSkill { Skill = "support", Level = 2 }],
                },
            });
        }
        await db.SaveChangesAsync(ct);
        await EnableWebPushAsync(db, ct);
        await AllowSiteAsync(db, siteOrigins, ct);
    }

    private async Task EnableWebPushAsync(AppDbContext db, CancellationToken ct)
    {
        // Only where no keys are stored yet: keys an administrator generated (and browsers subscribed with) stay.
        foreach (var service in await db.CallbackServices.Where(s => s.Key == "support" || s.Key == "sales").ToListAsync(ct))
        {
            if (service.Push.HasVapidKeys())
            {
                continue;
            }
            var pair = VapidKeys.Generate();
            service.Push.WebPushEnabled = true;
            service.Push.VapidPublicKey = pair.PublicKey;
            service.Push.VapidPrivateKeyProtected = secrets.Protect(pair.PrivateKeyPkcs8);
            service.Push.VapidSubject = VapidSubject;
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task AllowSiteAsync(AppDbContext db, IReadOnlyList<string> siteOrigins, CancellationToken ct)
    {
        if (siteOrigins.Count == 0)
        {
            return;
        }
        foreach (var service in await db.CallbackServices.Where(s => s.Key == "support" || s.Key == "sales").ToListAsync(ct))
        {
            var missing = siteOrigins.Where(o => !service.AllowedOrigins.Contains(o, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                service.AllowedOrigins = [.. service.AllowedOrigins, .. missing];
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static CallbackService Service(string key, string name, string skill, int priority, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        Key = key,
        Name = name,
        Priority = priority,
        DefaultCountry = "US",
        CallerId = "+12025550100",
        RequiredSkills = [new RequiredSkill { Skill = skill, MinLevel = 1 }],
        Schedule = ServiceSchedule.AlwaysOpen("America/New_York"),
        Capacity = new CapacityPlan(),
        // Demo traffic calls from these countries (DemoActivity); everything else keeps its protective default.
        Rules = new Rules.ServiceRules { PermittedCountries = ["US", "CA", "GB", "DE", "FR"] },
        WrapUpSeconds = 5,
        RetryIntervalSeconds = 30,
        CreatedAt = now,
    };
}
