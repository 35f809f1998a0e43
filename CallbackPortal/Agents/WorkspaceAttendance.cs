using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Agents;

/// <summary>Settings of <c>AgentWorkspace</c>.</summary>
public sealed class AgentWorkspaceOptions
{
    public const string Section = "AgentWorkspace";

    /// <summary>
    /// How long an agent may be without a connected workspace before they count as gone: long enough for a page refresh
    /// or a short network drop (the new connection arrives in time), short enough that the engine stops routing to an empty desk.
    /// </summary>
    [Range(0, 300, ErrorMessage = "must be between {1} and {2} seconds")]
    public int LeaveGraceSeconds { get; set; } = 10;
}

/// <summary>
/// Which agents have the workspace open on this node, by circuit. When an agent's last connected workspace circuit
/// goes (browser closed, connection lost, circuit ended) and none comes back within the grace period, the agent leaves:
/// <see cref="AgentPresenceService.LeaveAsync"/> (NotReady now, or after the call they are on). In-process: with several
/// nodes, each tracks its own circuits, which is where those circuits live.
/// </summary>
public sealed class WorkspaceAttendance(
    AgentPresenceService presence, TimeProvider clock, IOptions<AgentWorkspaceOptions> options, ILogger<WorkspaceAttendance> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<object, (Guid AgentId, bool Connected)> circuits = [];

    /// <summary>A workspace opened in <paramref name="circuit"/> for the agent; if they had left while still on a call, they are back.</summary>
    public async Task JoinAsync(object circuit, Guid agentId, CancellationToken ct)
    {
        lock (gate)
        {
            circuits[circuit] = (agentId, true);
        }
        await presence.ReturnAsync(agentId, ct);
    }

    public void ConnectionUp(object circuit) => Mark(circuit, connected: true);

    public void ConnectionDown(object circuit)
    {
        if (Mark(circuit, connected: false) is { } agentId)
        {
            LeaveUnlessBack(agentId);
        }
    }

    public void Closed(object circuit)
    {
        Guid agentId;
        lock (gate)
        {
            if (!circuits.Remove(circuit, out var entry))
            {
                return;
            }
            agentId = entry.AgentId;
        }
        LeaveUnlessBack(agentId);
    }

    /// <summary>Whether the agent has a connected workspace on this node.</summary>
    public bool IsPresent(Guid agentId)
    {
        lock (gate)
        {
            return circuits.Values.Any(c => c.AgentId == agentId && c.Connected);
        }
    }

    /// <summary>Raised after each decision the grace period led to (true: the agent left), for tests and logs.</summary>
    public event Action<Guid, bool>? Decided;

    private Guid? Mark(object circuit, bool connected)
    {
        lock (gate)
        {
            if (!circuits.TryGetValue(circuit, out var entry))
            {
                return null;
            }
            circuits[circuit] = entry with { Connected = connected };
            return entry.AgentId;
        }
    }

    // The grace timer starts now (not when a thread pool thread gets to it), so a fake clock in tests advances past it reliably.
    private void LeaveUnlessBack(Guid agentId) =>
        _ = DecideAfterGraceAsync(agentId, Task.Delay(TimeSpan.FromSeconds(options.Value.LeaveGraceSeconds), clock));

    private async Task DecideAfterGraceAsync(Guid agentId, Task grace)
    {
        try
        {
            await grace.ConfigureAwait(false);
            var gone = !IsPresent(agentId);
            if (gone)
            {
                await presence.LeaveAsync(agentId, CancellationToken.None);
                logger.LogInformation("Agent {AgentId} closed the workspace; NotReady now or after the current call", agentId);
            }
            Decided?.Invoke(agentId, gone);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not mark agent {AgentId} as gone after the workspace closed", agentId);
        }
    }
}

/// <summary>
/// One per circuit: reports the circuit's connection and end to <see cref="WorkspaceAttendance"/> once the workspace page joined.
/// A <see cref="CircuitHandler"/> rather than the page's Dispose: Dispose runs only when the circuit is torn down, which after a
/// closed tab without a goodbye is the disconnected-circuit retention period (minutes) later, and it also runs when the agent
/// merely navigates to another page in the same tab. The handler sees the connection drop at once.
/// </summary>
public sealed class WorkspaceCircuitHandler(WorkspaceAttendance attendance) : CircuitHandler
{
    public Task JoinAsync(Guid agentId, CancellationToken ct) => attendance.JoinAsync(this, agentId, ct);

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        attendance.ConnectionUp(this);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        attendance.ConnectionDown(this);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        attendance.Closed(this);
        return Task.CompletedTask;
    }
}
