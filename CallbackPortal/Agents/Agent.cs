using CallbackPortal.Callbacks;

namespace CallbackPortal.Agents;

public enum AgentPresence
{
    Offline,
    NotReady,
    Ready,
    /// <summary>Chosen for a callback; the call is being placed.</summary>
    Reserved,
    OnCall,
    WrapUp,
}

/// <summary>A skill an agent holds, with a level (higher is better).</summary>
public sealed class AgentSkill
{
    public string Skill { get; set; } = "";
    public int Level { get; set; }
}

/// <summary>A person who takes callbacks. Only Ready agents holding every required skill at its level can be routed a callback.</summary>
public class Agent
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Where the agent takes calls: an E.164 number or a sip: address.</summary>
    public string Phone { get; set; } = "";
    /// <summary>The portal user who works as this agent (for the agent workspace), if any.</summary>
    public string? UserId { get; set; }
    public List<AgentSkill> Skills { get; set; } = [];
    public AgentPresence Presence { get; private set; } = AgentPresence.Offline;
    public DateTimeOffset PresenceSince { get; private set; }
    /// <summary>Since when the agent has been free: routing picks the longest idle.</summary>
    public DateTimeOffset? IdleSince { get; private set; }
    public Guid? CurrentCallbackId { get; private set; }
    /// <summary>The agent left (closed the workspace) while busy: when the current call or reservation ends, NotReady instead of Ready.</summary>
    public bool NotReadyAfterCall { get; set; }
    public int Version { get; set; }

    public bool HasSkills(IEnumerable<(string Skill, int MinLevel)> required) =>
        required.All(r => Skills.Any(s => string.Equals(s.Skill, r.Skill, StringComparison.OrdinalIgnoreCase) && s.Level >= r.MinLevel));

    /// <summary>A presence change asked for by the agent, the workspace or an external ACD.</summary>
    public void SetPresence(AgentPresence presence, DateTimeOffset now)
    {
        if (presence is AgentPresence.Reserved or AgentPresence.OnCall)
        {
            throw new DomainException("illegal-presence", $"{presence} is set by the engine, not by hand.");
        }
        if (Presence is AgentPresence.Reserved or AgentPresence.OnCall && presence != AgentPresence.Offline)
        {
            throw new DomainException("agent-busy", $"The agent is {Presence}; presence changes after the call.");
        }
        Move(presence, now);
        if (presence != AgentPresence.WrapUp)
        {
            CurrentCallbackId = null;
        }
    }

    public void Reserve(Guid callbackId, DateTimeOffset now)
    {
        Require(AgentPresence.Ready);
        CurrentCallbackId = callbackId;
        Move(AgentPresence.Reserved, now);
    }

    public void StartCall(DateTimeOffset now)
    {
        if (Presence == AgentPresence.OnCall)
        {
            return;
        }
        Require(AgentPresence.Reserved);
        Move(AgentPresence.OnCall, now);
    }

    /// <summary>The call ended: wrap up (the engine ends wrap-up after the service's wrap-up time).</summary>
    public void EndCall(DateTimeOffset now) => Move(AgentPresence.WrapUp, now);

    /// <summary>The reservation ended without a conversation (rejected preview, unreachable consumer): free again at once.</summary>
    public void Release(DateTimeOffset now, bool missedCall = false)
    {
        if (Presence is AgentPresence.Reserved or AgentPresence.OnCall or AgentPresence.WrapUp)
        {
            CurrentCallbackId = null;
            Move(missedCall ? AgentPresence.NotReady : AgentPresence.Ready, now);
        }
    }

    private void Require(AgentPresence expected)
    {
        if (Presence != expected)
        {
            throw new DomainException("illegal-presence", $"The agent is {Presence}, not {expected}.");
        }
    }

    private void Move(AgentPresence presence, DateTimeOffset now)
    {
        if (presence == AgentPresence.Ready && Presence != AgentPresence.Ready)
        {
            IdleSince = now;
        }
        Presence = presence;
        PresenceSince = now;
        Version++;
    }
}
