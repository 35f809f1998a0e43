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
        if (presence == AgentPresence.Ready)
        {
            NotReadyAfterCall = false;
        }
    }

    /// <summary>
    /// The agent left the workspace (closed the browser): free agents become NotReady at once; a busy agent keeps the
    /// call or reservation and becomes NotReady when it ends. False when nothing changed.
    /// </summary>
    public bool Leave(DateTimeOffset now)
    {
        switch (Presence)
        {
            case AgentPresence.Ready or AgentPresence.WrapUp:
                SetPresence(AgentPresence.NotReady, now);
                return true;
            case AgentPresence.Reserved or AgentPresence.OnCall when !NotReadyAfterCall:
                NotReadyAfterCall = true;
                Version++;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The agent is back in the workspace while still busy: after the call they become Ready as usual. False when nothing changed.</summary>
    public bool Return()
    {
        if (!NotReadyAfterCall || Presence is not (AgentPresence.Reserved or AgentPresence.OnCall or AgentPresence.WrapUp))
        {
            return false;
        }
        NotReadyAfterCall = false;
        Version++;
        return true;
    }

    /// <summary>Wrap-up time is over: Ready again, or NotReady when the agent left during the call.</summary>
    public void EndWrapUp(DateTimeOffset now)
    {
        Require(AgentPresence.WrapUp);
        CurrentCallbackId = null;
        Move(AfterCall(), now);
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
            Move(missedCall ? AgentPresence.NotReady : AfterCall(), now);
        }
    }

    /// <summary>Where a finished call or reservation leaves the agent; the flag is spent once honoured.</summary>
    private AgentPresence AfterCall()
    {
        if (!NotReadyAfterCall)
        {
            return AgentPresence.Ready;
        }
        NotReadyAfterCall = false;
        return AgentPresence.NotReady;
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
