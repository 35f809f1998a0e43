using System.Text.Json;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>The consumer's callback endpoints of API.md: create, read, reschedule and cancel (the last three with the access token).</summary>
public static class CallbackEndpoints
{
    public static RouteGroupBuilder MapCallbackEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/services/{service}/callbacks", CreateAsync)
            .WithName("CreateCallback").WithSummary("Ask for a callback, as soon as possible or at a desired time")
            .Accepts<CreateCallbackBody>("application/json")
            .Produces<CreatedCallbackView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422).ProducesProblem(429);
        api.MapGet("/callbacks/{id:guid}", GetAsync)
            .WithName("GetCallback").WithSummary("A callback's state, position and wait (Authorization: Bearer <accessToken>)")
            .Produces<CallbackView>().ProducesProblem(404);
        api.MapPatch("/callbacks/{id:guid}", RescheduleAsync)
            .WithName("RescheduleCallback").WithSummary("Move a callback to another desired time (Authorization: Bearer <accessToken>)")
            .Accepts<RescheduleBody>("application/json")
            .Produces<CallbackView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/callbacks/{id:guid}", CancelAsync)
            .WithName("CancelCallback").WithSummary("Cancel a callback (Authorization: Bearer <accessToken>); 409 not-cancellable in Processing or Completed")
            .Produces<CallbackView>().ProducesProblem(404).ProducesProblem(409);
        api.MapPut("/callbacks/{id:guid}/push", SubscribeAsync)
            .WithName("SubscribeToCallback")
            .WithSummary("Add a device's push subscription to a callback (Authorization: Bearer <accessToken>): { webPush: { endpoint, keys } } or { fcm: { token } }")
            .Accepts<PushSubscriptionBody>("application/json")
            .Produces<Push.PushSubscriptionView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/callbacks/{id:guid}/push/{subscriptionId:guid}", UnsubscribeAsync)
            .WithName("UnsubscribeFromCallback").WithSummary("Stop a device's notifications for a callback (Authorization: Bearer <accessToken>)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> CreateAsync(string service, HttpRequest request, CallbackIntake intake, ICaptchaVerifier captcha,
        IdempotencyStore idempotency, IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        IdempotencyClaim? claim = null;
        try
        {
            var body = await JsonBody.ReadAsync<CreateCallbackBody>(request, ct);
            var key = request.Headers["Idempotency-Key"].ToString();
            if (key.Length > 0)
            {
                IdempotencyStore.ValidateKey(key);
                switch (await idempotency.BeginAsync(IdempotencyStore.ScopedKey(service, key), body.Sha256, ct))
                {
                    case IdempotencyStart.Replay replay:
                        request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                        if (replay.Location is not null)
                        {
                            request.HttpContext.Response.Headers.Location = replay.Location;
                        }
                        return Results.Text(replay.Body, "application/json", statusCode: replay.Status);
                    case IdempotencyStart.Proceed proceed:
                        claim = proceed.Claim;
                        break;
                }
            }
            var created = await CreateCoreAsync(service, body.Value, request, intake, captcha, idempotency, dbFactory, claim, ct);
            claim = null;
            return created;
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e, service);
        }
        finally
        {
            if (claim is not null)
            {
                await idempotency.ReleaseAsync(claim, CancellationToken.None);
            }
        }
    }

    private static async Task<IResult> CreateCoreAsync(string service, CreateCallbackBody body, HttpRequest request, CallbackIntake intake, ICaptchaVerifier captcha,
        IdempotencyStore idempotency, IDbContextFactory<AppDbContext> dbFactory, IdempotencyClaim? claim, CancellationToken ct)
    {
        CallbackService found;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            found = await db.CallbackServices.RequireByKeyAsync(service, ct);
        }
        var verdict = await captcha.VerifyAsync(service, found.Captcha, body.Captcha, request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (!verdict.Passed)
        {
            throw new DomainException(verdict.Code ?? "captcha-invalid", verdict.Detail) { Rule = "captcha" };
        }
        var callbackRequest = new CallbackRequest(body.PhoneNumber, ApiTime.Parse(body.DesiredTime, "desiredTime"), body.FirstName, body.LastName,
            body.Email, body.Notes, body.Language, JourneyData.From(body.UserData), body.PhoneCountry, body.SessionId,
            Push.PushSubscriptionRequest.Parse(body.Push));
        var context = new IntakeContext(
            Header: name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null,
            BeforeCommit: claim is null ? null : (db, created) =>
                idempotency.Complete(db, claim, StatusCodes.Status201Created, LocationOf(created.Callback.Id),
                    JsonSerializer.Serialize(ViewOf(created), JsonBody.Options)));
        var result = await intake.CreateAsync(found, callbackRequest, Actor.Consumer, ct, context);
        return Results.Created(LocationOf(result.Callback.Id), ViewOf(result));
    }

    private static string LocationOf(Guid id) => $"/api/v1/callbacks/{id}";

    private static CreatedCallbackView ViewOf(CreatedCallback created)
    {
        var c = created.Callback;
        return new CreatedCallbackView(c.Id, created.AccessToken, c.State.ToString(), c.DesiredTime, c.PositionAtOffer, c.EwtAtOffer);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory, WaitTimes waitTimes, CancellationToken ct)
    {
        var callback = await AuthorizedAsync(id, request, dbFactory, ct);
        return callback is null ? NotFound() : Results.Ok(await ViewAsync(callback, dbFactory, waitTimes, ct));
    }

    private static async Task<IResult> RescheduleAsync(Guid id, HttpRequest request, CallbackActions actions, IDbContextFactory<AppDbContext> dbFactory,
        WaitTimes waitTimes, CancellationToken ct)
    {
        try
        {
            if (await AuthorizedAsync(id, request, dbFactory, ct) is null)
            {
                return NotFound();
            }
            var body = await JsonBody.ReadAsync<RescheduleBody>(request, ct);
            var desired = ApiTime.Parse(body.Value.DesiredTime, "desiredTime")
                ?? throw new DomainException("validation-failed", "A desired time is required.",
                    new Dictionary<string, string[]> { ["desiredTime"] = ["Give the new time, such as 2026-11-24T15:30:00Z."] });
            var callback = await actions.RescheduleAsync(id, desired, Actor.Consumer, ct);
            return Results.Ok(await ViewAsync(callback, dbFactory, waitTimes, ct));
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }

    private static async Task<IResult> CancelAsync(Guid id, HttpRequest request, CallbackActions actions, IDbContextFactory<AppDbContext> dbFactory,
        WaitTimes waitTimes, CancellationToken ct)
    {
        try
        {
            if (await AuthorizedAsync(id, request, dbFactory, ct) is null)
            {
                return NotFound();
            }
            var callback = await actions.CancelAsync(id, Actor.Consumer, "by the consumer", ct);
            return Results.Ok(await ViewAsync(callback, dbFactory, waitTimes, ct));
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }

    private static async Task<IResult> SubscribeAsync(Guid id, HttpRequest request, Push.PushSubscriptions subscriptions, IDbContextFactory<AppDbContext> dbFactory,
        CancellationToken ct)
    {
        try
        {
            if (await AuthorizedAsync(id, request, dbFactory, ct) is null)
            {
                return NotFound();
            }
            using var body = (await JsonBody.ReadAsync<JsonDocument>(request, ct)).Value;
            var subscription = Push.PushSubscriptionRequest.Parse(body.RootElement, "")
                ?? throw new DomainException("validation-failed", "The push subscription is missing.",
                    new Dictionary<string, string[]> { ["body"] = ["Send { webPush: { endpoint, keys: { p256dh, auth } } } or { fcm: { token } }."] });
            return Results.Ok(await subscriptions.SubscribeAsync(id, subscription, ct));
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e);
        }
    }

    private static async Task<IResult> UnsubscribeAsync(Guid id, Guid subscriptionId, HttpRequest request, Push.PushSubscriptions subscriptions,
        IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        if (await AuthorizedAsync(id, request, dbFactory, ct) is null)
        {
            return NotFound();
        }
        return await subscriptions.UnsubscribeAsync(id, subscriptionId, ct)
            ? Results.NoContent()
            : ApiProblems.Problem("not-found", "This callback has no such push subscription.");
    }

    /// <summary>The callback when the request carries its access token; an id without its token reveals nothing, not even whether it exists.</summary>
    private static async Task<Callback?> AuthorizedAsync(Guid id, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var callback = await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        return callback is not null && CallbackIntake.TokenMatches(callback, token) ? callback : null;
    }

    private static IResult NotFound() => ApiProblems.Problem("not-found", "No callback with this id and access token.");

    private static async Task<CallbackView> ViewAsync(Callback callback, IDbContextFactory<AppDbContext> dbFactory, WaitTimes waitTimes, CancellationToken ct)
    {
        int? position = null, ewt = null;
        if (callback.State is CallbackState.Queued or CallbackState.Routing or CallbackState.Processing)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var service = await db.CallbackServices.AsNoTracking().SingleAsync(s => s.Id == callback.ServiceId, ct);
            (var p, var e) = await waitTimes.PositionAndEstimateAsync(db, callback, service, ct);
            (position, ewt) = callback.State == CallbackState.Queued ? (p, e) : (0, 0);
        }
        return new CallbackView(callback.Id, callback.State.ToString(), callback.Reason?.ToString(), callback.DesiredTime, position, ewt);
    }
}
