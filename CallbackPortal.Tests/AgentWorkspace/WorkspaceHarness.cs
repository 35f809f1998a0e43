using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.Engine;
using CallbackPortal.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.AgentWorkspace;

/// <summary>The engine harness (fake clock, recorded telephony) with the agent workspace on top, and agents linked to users.</summary>
public sealed class WorkspaceHarness : IAsyncDisposable
{
    public static readonly CallProgress Answered = new(CallStage.Answered, AnsweredBy.Person, null, "in-progress");

    private WorkspaceHarness(EngineHarness engine)
    {
        Engine = engine;
        Workspace = new Agents.AgentWorkspace(engine.Database, engine.Clock, engine.Presence, engine.Previews, engine.Events);
        Attendance = new WorkspaceAttendance(engine.Presence, engine.Clock, Options.Create(new AgentWorkspaceOptions { LeaveGraceSeconds = 10 }),
            NullLogger<WorkspaceAttendance>.Instance);
    }

    public EngineHarness Engine { get; }

    public Agents.AgentWorkspace Workspace { get; }

    public WorkspaceAttendance Attendance { get; }

    public static async Task<WorkspaceHarness> CreateAsync()
    {
        var engine = await EngineHarness.CreateAsync();
        // The page's actor carries the permissions of the user's roles: agents hold the workspace, as in a new installation.
        await using var db = engine.Database.CreateDbContext();
        db.RolePermissions.Add(new RolePermission { Role = Roles.Agent, Permission = Permissions.Agents.Workspace });
        await db.SaveChangesAsync();
        return new(engine);
    }

    public static CallProgress Hangup(int seconds) => new(CallStage.Completed, AnsweredBy.Unknown, seconds, "completed");

    /// <summary>An agent with the "support" skill linked to a new user; returns the agent and that user as the portal sees them.</summary>
    public async Task<(Agent Agent, PortalActor User)> LinkedAgentAsync(string name, bool ready = false)
    {
        var agent = await Engine.AddAgentAsync(name, ready: ready);
        var userId = "user-" + name.ToLowerInvariant();
        await using var db = Engine.Database.CreateDbContext();
        await db.Agents.Where(a => a.Id == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, userId));
        return (agent, new PortalActor(userId, name.ToLowerInvariant() + "@example.test", ServiceScope.Everything));
    }

    /// <summary>A callback reserved for the (only) Ready agent, with notes and journey data.</summary>
    public async Task<Callback> ReservedAsync(string phone)
    {
        var created = await Engine.Intake.CreateAsync("support",
            new CallbackRequest(phone, null, "Ada", "Lovelace", Notes: "Asked about her invoice", UserData: new Dictionary<string, string> { ["order"] = "A-17" }),
            Actor.Consumer, CancellationToken.None);
        await Engine.RunDueAsync();
        return await Engine.CallbackAsync(created.Callback.Id);
    }

    /// <summary>Plays a whole conversation on the callback's latest call: answered, bridged, hung up after <paramref name="talk"/> seconds.</summary>
    public async Task TalkAsync(string to, int talk = 60)
    {
        await Engine.ReportAsync(to, Answered);
        await Engine.BridgeAsync(to, connected: true);
        await Engine.ReportAsync(to, Hangup(talk));
    }

    public Task<Agent> AgentAsync(Guid id) => Engine.AgentAsync(id);

    public Task<Callback> CallbackAsync(Guid id) => Engine.CallbackAsync(id);

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();
}
