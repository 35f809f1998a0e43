using System.ComponentModel;
using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>Body of <c>PUT /api/v1/agents/{agentId}/presence</c>.</summary>
/// <param name="Presence">Ready, NotReady, Offline or WrapUp (Reserved and OnCall are the engine's to set).</param>
public sealed record PresenceBody([property: Description("Ready, NotReady, Offline or WrapUp")] string? Presence);

/// <summary>An agent's presence after a report.</summary>
public sealed record AgentPresenceView(Guid AgentId, string Presence, DateTimeOffset Since);

/// <summary>
/// The endpoints of API.md that programs call with an API key (an external ACD reporting agent presence). They are
/// server-to-server: no consumer CORS and no per-address consumer rate limit apply to them.
/// </summary>
public static class IntegrationEndpoints
{
    /// <summary>The presence a program may report; the others follow from calls the engine places.</summary>
    public static readonly IReadOnlyList<AgentPresence> ReportablePresence = [AgentPresence.Ready, AgentPresence.NotReady, AgentPresence.Offline, AgentPresence.WrapUp];

    /// <summary>Paths served by these endpoints (a browser's preflight to them is not the consumer CORS policy's business).</summary>
    public static bool IsIntegrationPath(PathString path) =>
        path.StartsWithSegments("/api/v1/agents") || path.StartsWithSegments("/api/v1" + ClickToCall.ClickToCallEndpoints.MatchPath)
        || path.StartsWithSegments("/api/v1" + Privacy.ErasureEndpoint.Path);

    public static RouteGroupBuilder MapIntegrationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/agents/{agentId:guid}/presence", SetPresenceAsync)
            .RequireApiKey(ApiKeyScopes.Presence)
            .WithName("SetAgentPresence").WithSummary("An external ACD reports an agent's presence (API key with the presence scope)")
            .Accepts<PresenceBody>("application/json")
            .Produces<AgentPresenceView>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    private static async Task<IResult> SetPresenceAsync(Guid agentId, HttpRequest request, AgentPresenceService presence,
        IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        try
        {
            var body = await JsonBody.ReadAsync<PresenceBody>(request, ct);
            await presence.SetPresenceAsync(agentId, Parse(body.Value.Presence), ct);
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The engine reserved the agent (or another report landed) between reading and writing.
            return ApiProblems.Problem("conflict", "The agent's presence changed while this report was handled; send it again.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agent = await db.Agents.AsNoTracking().Where(a => a.Id == agentId).Select(a => new { a.Presence, a.PresenceSince }).SingleOrDefaultAsync(ct);
        if (agent is null)
        {
            return ApiProblems.Problem("unknown-agent", $"There is no agent {agentId}.");
        }
        return Results.Ok(new AgentPresenceView(agentId, agent.Presence.ToString(), agent.PresenceSince));
    }

    private static AgentPresence Parse(string? value)
    {
        var allowed = string.Join(", ", ReportablePresence);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid($"Required: one of {allowed}.");
        }
        // Names only: Enum.TryParse would also take "2" or "Ready,Offline".
        var match = Enum.GetValues<AgentPresence>().Cast<AgentPresence?>()
            .FirstOrDefault(p => string.Equals(p.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase));
        return match switch
        {
            null => throw Invalid($"'{Clip(value)}' is not a presence; use one of {allowed}."),
            AgentPresence.Reserved or AgentPresence.OnCall => throw Invalid($"{match} is set by the engine when it places a call; report one of {allowed}."),
            _ => match.Value,
        };
    }

    private static DomainException Invalid(string message) =>
        new("validation-failed", "The presence is not one a program may report.", new Dictionary<string, string[]> { ["presence"] = [message] });

    private static string Clip(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
