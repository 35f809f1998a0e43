using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Agents;

/// <summary>One agent as the agents page lists it.</summary>
public sealed record AgentSummary(Guid Id, string Name, string Phone, IReadOnlyList<AgentSkill> Skills, string? UserName,
    AgentPresence Presence, DateTimeOffset PresenceSince);

/// <summary>A portal user an agent can be linked to, and the agent already linked to them, if any.</summary>
public sealed record PortalUserChoice(string Id, string Name, Guid? AgentId);

/// <summary>
/// The agents page's logic: list agents with their presence, create, edit and delete them, and set presence by hand
/// through <see cref="AgentPresenceService"/>. The engine bumps an agent's version on every presence change, so an
/// edit is not refused for that: it is refused only when the profile fields it opened (name, phone, user, skills)
/// were changed by someone else. Methods return what to fix by field ("" for the whole action); empty when done.
/// </summary>
public sealed class AgentDirectory(IDbContextFactory<AppDbContext> dbFactory, AgentPresenceService presence, AuditLog audit)
{
    /// <summary>Presence changes the engine is racing are retried this often before the editor gives up.</summary>
    private const int SaveAttempts = 5;

    /// <summary>What people may set from the list; the others belong to the engine.</summary>
    public static readonly IReadOnlyList<AgentPresence> ManualPresences = [AgentPresence.Offline, AgentPresence.NotReady, AgentPresence.Ready];

    private static readonly IReadOnlyDictionary<string, string[]> Done = new Dictionary<string, string[]>();

    public async Task<IReadOnlyList<AgentSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agents = await db.Agents.AsNoTracking().ToListAsync(ct);
        var users = await UserNamesAsync(db, agents.Select(a => a.UserId).OfType<string>(), ct);
        return [.. agents.OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).Select(a => new AgentSummary(a.Id, a.Name, a.Phone, a.Skills,
            a.UserId is null ? null : users.GetValueOrDefault(a.UserId, "(deleted user)"), a.Presence, a.PresenceSince))];
    }

    public async Task<IReadOnlyList<PortalUserChoice>> UsersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName }).ToListAsync(ct);
        var linked = await db.Agents.AsNoTracking().Where(a => a.UserId != null).Select(a => new { a.UserId, a.Id }).ToListAsync(ct);
        return [.. users.Select(u => new PortalUserChoice(u.Id, Display(u.DisplayName, u.Email ?? u.UserName), linked.FirstOrDefault(l => l.UserId == u.Id)?.Id))
            .OrderBy(u => u.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>The agent's profile for the editor, or null when there is no such agent.</summary>
    public async Task<AgentForm?> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } agent ? AgentForm.For(agent) : null;
    }

    /// <summary>Creates the agent (form without an id) or updates it; on success the form's phone holds the stored form.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> SaveAsync(PortalActor actor, AgentForm form, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Manage);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var agent = form.Id is { } id ? await db.Agents.SingleOrDefaultAsync(a => a.Id == id, ct) : null;
            if (form.Id is not null && agent is null)
            {
                return Refusal("This agent no longer exists; someone deleted it.");
            }
            if (agent is not null && AgentProfile.Of(agent) != form.Loaded)
            {
                return Refusal("This agent was changed by someone else since you opened it; reload to see their changes.");
            }
            var errors = await AgentFormRules.ProblemsAsync(db, form, agent, ct);
            if (errors.Count > 0)
            {
                return errors;
            }
            var before = agent is null ? null : await SnapshotAsync(db, agent, ct);
            if (agent is null)
            {
                agent = new Agent { Id = Guid.NewGuid() };
                db.Agents.Add(agent);
            }
            else
            {
                agent.Version++;
            }
            AgentFormRules.Apply(form, agent, await db.Skills.Select(s => s.Name).ToListAsync(ct));
            audit.Record(db, actor, AuditAreas.Agents, before is null ? AuditActions.Created : AuditActions.Updated, agent.Name, before, await SnapshotAsync(db, agent, ct));
            try
            {
                await db.SaveChangesAsync(ct);
                form.Phone = agent.Phone;
                return Done;
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                // The engine changed the agent's presence meanwhile: look again; the profile check above decides.
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refusal("The agent kept changing while saving; nothing was saved. Try again.");
            }
        }
    }

    /// <summary>Deletes the agent unless a callback is reserved for them or they are on a call.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> DeleteAsync(PortalActor actor, Guid id, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Manage);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.Agents.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } agent)
            {
                return Done;
            }
            if (agent.Presence is AgentPresence.Reserved or AgentPresence.OnCall)
            {
                return Refusal($"{agent.Name} is {Describe(agent.Presence)}; delete them after the call.");
            }
            db.Agents.Remove(agent);
            audit.Record(db, actor, AuditAreas.Agents, AuditActions.Deleted, agent.Name, await SnapshotAsync(db, agent, ct), null);
            try
            {
                await db.SaveChangesAsync(ct);
                return Done;
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                // Presence changed meanwhile (perhaps to Reserved): decide again on the fresh row.
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refusal("The agent kept changing; nothing was deleted. Try again.");
            }
        }
    }

    /// <summary>Sets Offline, Not ready or Ready by hand, by the same rules as the agent workspace (not while on a call).</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> SetPresenceAsync(PortalActor actor, Guid id, AgentPresence to, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Agents.Manage);
        if (!ManualPresences.Contains(to))
        {
            return Refusal($"{Describe(to)} is set by the engine, not by hand.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } agent)
        {
            return Refusal("This agent no longer exists; someone deleted it.");
        }
        if (agent.Presence == to)
        {
            return Done;
        }
        try
        {
            await presence.SetPresenceAsync(id, to, ct);
        }
        catch (DomainException e) when (e.Code == "agent-busy")
        {
            return Refusal($"{agent.Name} is busy with a callback right now; only Offline can be set until the call ends.");
        }
        catch (DomainException e)
        {
            return Refusal(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal($"{agent.Name}'s presence changed at the same moment; look at it again and retry.");
        }
        // The presence service saves on its own; its entry follows right after.
        audit.Record(db, actor, AuditAreas.Agents, "presence", agent.Name, new { Presence = agent.Presence }, new { Presence = to });
        await db.SaveChangesAsync(ct);
        return Done;
    }

    /// <summary>"Ready", "Not ready", "on a call"… as the page says them.</summary>
    public static string Describe(AgentPresence presence) => presence switch
    {
        AgentPresence.NotReady => "Not ready",
        AgentPresence.Reserved => "reserved for a callback",
        AgentPresence.OnCall => "on a call",
        AgentPresence.WrapUp => "Wrap-up",
        _ => presence.ToString(),
    };

    private static async Task<object> SnapshotAsync(AppDbContext db, Agent agent, CancellationToken ct)
    {
        var user = agent.UserId is null ? null : (await UserNamesAsync(db, [agent.UserId], ct)).GetValueOrDefault(agent.UserId, agent.UserId);
        return new { agent.Name, agent.Phone, User = user, Skills = string.Join(", ", agent.Skills.Select(s => $"{s.Skill} {s.Level}")) };
    }

    private static async Task<Dictionary<string, string>> UserNamesAsync(AppDbContext db, IEnumerable<string> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => Display(u.DisplayName, u.Email ?? u.UserName));
    }

    private static string Display(string displayName, string? login) =>
        string.IsNullOrWhiteSpace(displayName) ? login ?? "(no name)" : login is null || displayName == login ? displayName : $"{displayName} ({login})";

    private static Dictionary<string, string[]> Refusal(string message) => new() { [""] = [message] };
}
