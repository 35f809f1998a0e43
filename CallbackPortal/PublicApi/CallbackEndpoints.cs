using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>Create request body of <c>POST /api/v1/services/{service}/callbacks</c> (API.md).</summary>
public sealed record CreateCallbackBody(
    string? PhoneNumber,
    DateTimeOffset? DesiredTime,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Notes,
    string? Language,
    Dictionary<string, string>? UserData);

/// <summary>What a consumer sees of a callback (with its access token).</summary>
public sealed record CallbackView(Guid Id, string State, string? Reason, DateTimeOffset DesiredTime, int? PositionInQueue, int? EwtSeconds);

/// <summary>The answer to a create: the only time the access token is shown.</summary>
public sealed record CreatedCallbackView(Guid Id, string AccessToken, string State, DateTimeOffset DesiredTime, int? PositionInQueue, int? EwtSeconds);

public static class CallbackEndpoints
{
    public static RouteGroupBuilder MapCallbackEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/services/{service}/callbacks", CreateAsync).AllowAnonymous().DisableAntiforgery();
        api.MapGet("/callbacks/{id:guid}", GetAsync).AllowAnonymous();
        return api;
    }

    private static async Task<IResult> CreateAsync(string service, CreateCallbackBody? body, CallbackIntake intake, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.Problem("validation-failed", "A JSON body is required.");
        }
        try
        {
            var created = await intake.CreateAsync(service, new CallbackRequest(body.PhoneNumber, body.DesiredTime, body.FirstName, body.LastName,
                body.Email, body.Notes, body.Language, body.UserData), Actor.Consumer, ct);
            var c = created.Callback;
            var view = new CreatedCallbackView(c.Id, created.AccessToken, c.State.ToString(), c.DesiredTime, c.PositionAtOffer, c.EwtAtOffer);
            return Results.Created($"/api/v1/callbacks/{c.Id}", view);
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }

    private static async Task<IResult> GetAsync(Guid id, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory, WaitTimes waitTimes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callback = await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        // An id without its token reveals nothing, not even whether it exists.
        if (callback is null || !CallbackIntake.TokenMatches(callback, BearerToken(request)))
        {
            return ApiProblems.Problem("not-found", "No callback with this id and access token.");
        }
        int? position = null, ewt = null;
        if (callback.State is CallbackState.Queued or CallbackState.Routing or CallbackState.Processing)
        {
            var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
            (var p, var e) = await waitTimes.PositionAndEstimateAsync(db, callback, service, ct);
            (position, ewt) = callback.State == CallbackState.Queued ? (p, e) : (0, 0);
        }
        return Results.Ok(new CallbackView(callback.Id, callback.State.ToString(), callback.Reason?.ToString(), callback.DesiredTime, position, ewt));
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
