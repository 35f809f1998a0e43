using System.ComponentModel;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.PublicApi;

namespace CallbackPortal.ClickToCall;

/// <summary>Body of <c>POST /api/v1/click-to-call/requests</c>.</summary>
public sealed record ClickToCallRequestBody(
    [property: Description("The click-to-call group's key")] string? Group,
    [property: Description("The number the user will call from, international format; the call must then come from it")] string? FromPhoneNumber,
    [property: Description("The app's context, handed to the IVR on match")] Dictionary<string, string>? UserData);

/// <summary>The reserved number (and code) the app shows or dials.</summary>
public sealed record ClickToCallReservationView(Guid Id, string ToPhoneNumber, string? AccessCode, DateTimeOffset ExpiresAt);

/// <summary>
/// Click-To-Call-In (DOMAIN.md §6): apps reserve an access number anonymously (consumer CORS and rate limit; from a browser
/// the group must be the <c>?group=</c> whose target service's origins let the request through), and the IVR matches the
/// incoming call with an API key of the <c>click-to-call</c> scope.
/// </summary>
public static class ClickToCallEndpoints
{
    public const string RequestsPath = "/click-to-call/requests";
    public const string MatchPath = "/click-to-call/match";

    public static RouteGroupBuilder MapClickToCallRequests(this RouteGroupBuilder api)
    {
        api.MapPost(RequestsPath, ReserveAsync)
            .WithName("RequestClickToCall").WithSummary("Reserve an access number (and code) of a click-to-call group for the user's context")
            .Accepts<ClickToCallRequestBody>("application/json")
            .Produces<ClickToCallReservationView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429).ProducesProblem(503);
        return api;
    }

    public static RouteGroupBuilder MapClickToCallMatch(this RouteGroupBuilder api)
    {
        api.MapGet(MatchPath, MatchAsync)
            .RequireApiKey(ApiKeyScopes.ClickToCall)
            .WithName("MatchClickToCall").WithSummary("The IVR matches an incoming call by dnis and ani, or by accessCode; a match consumes the reservation")
            .Produces<MatchedReservation>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> ReserveAsync(HttpRequest request, ClickToCallReservations reservations, CancellationToken ct)
    {
        try
        {
            var body = (await JsonBody.ReadAsync<ClickToCallRequestBody>(request, ct)).Value;
            var origin = request.Headers.Origin.ToString();
            var query = request.Query["group"].ToString();
            if (origin.Length > 0 && !ServiceCorsMiddleware.IsSameOrigin(request, origin) && !string.Equals(body.Group?.Trim(), query, StringComparison.Ordinal))
            {
                // The origin was allowed for the query's group only.
                throw new DomainException("validation-failed", "From a browser, the group must be the one named in the ?group= query.",
                    new Dictionary<string, string[]> { ["group"] = ["Must equal the ?group= query when sent from a browser."] });
            }
            var reservation = await reservations.ReserveAsync(new ReservationRequest(body.Group, body.FromPhoneNumber, body.UserData), ct);
            return Results.Json(new ClickToCallReservationView(reservation.Id, reservation.ToPhoneNumber, reservation.AccessCode, reservation.ExpiresAt),
                JsonBody.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }

    private static async Task<IResult> MatchAsync(string? dnis, string? ani, string? accessCode, ClickToCallReservations reservations, CancellationToken ct)
    {
        try
        {
            return Results.Json(await reservations.MatchAsync(dnis, ani, accessCode, ct), JsonBody.Options);
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }
}
