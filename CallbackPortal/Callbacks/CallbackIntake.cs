using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.Reports;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>What a consumer asks for; <see cref="DesiredTime"/> null means as soon as possible.</summary>
public sealed record CallbackRequest(
    string? PhoneNumber,
    DateTimeOffset? DesiredTime = null,
    string? FirstName = null,
    string? LastName = null,
    string? Email = null,
    string? Notes = null,
    string? Language = null,
    IReadOnlyDictionary<string, string>? UserData = null,
    string? PhoneCountry = null,
    string? WidgetSessionId = null,
    Push.PushSubscriptionRequest? Push = null);

/// <summary>The stored callback with the access token that is shown to the consumer this once.</summary>
public sealed record CreatedCallback(Callback Callback, string AccessToken);

/// <summary>Where a request came from, for throttles keyed on a header, and work to do inside the create's transaction.</summary>
/// <param name="Header">Reads a request header (null outside HTTP).</param>
/// <param name="BeforeCommit">Runs in the create's transaction after the callback is written (the API completes its idempotency key there).</param>
public sealed record IntakeContext(
    Func<string, string?>? Header = null,
    Action<AppDbContext, CreatedCallback>? BeforeCommit = null);

/// <summary>
/// The one path by which callbacks are created (public API, portal, demo traffic): validates, checks the number
/// rules, then — inside one write transaction, so that concurrent requests are counted exactly — gathers the
/// counts the throttles, duplicate check, watermark and slot capacity need, lets <see cref="RuleEvaluator"/>
/// decide, and stores the callback with its journey data and the wait it was offered.
/// </summary>
public sealed class CallbackIntake(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, WaitTimes waitTimes,
    CallbackEventStream events, WriteGate writeGate, RuleRefusalCounter refusals)
{
    /// <summary>How long the wait estimate's inputs (agents logged in, recent handle time) are reused for new requests.</summary>
    public static readonly TimeSpan EstimateInputsFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, (EstimateInputs Inputs, DateTimeOffset Until)> estimates = new();

    public async Task<CreatedCallback> CreateAsync(string serviceKey, CallbackRequest request, Actor actor, CancellationToken ct, IntakeContext? context = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.RequireByKeyAsync(serviceKey, ct);
        return await CreateAsync(db, service, request, actor, context, ct);
    }

    /// <summary>Creates for a service the caller has just read (the API reads it once for CAPTCHA and rules).</summary>
    public async Task<CreatedCallback> CreateAsync(CallbackService service, CallbackRequest request, Actor actor, CancellationToken ct, IntakeContext? context = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CreateAsync(db, service, request, actor, context, ct);
    }

    private async Task<CreatedCallback> CreateAsync(AppDbContext db, CallbackService service, CallbackRequest request, Actor actor, IntakeContext? context,
        CancellationToken ct)
    {
        try
        {
            return await CreateCheckedAsync(db, service, request, actor, context, ct);
        }
        catch (DomainException refused) when (refused.Rule is { } rule)
        {
            // Refused requests never become callbacks: the reports' "rejected by rule" is counted here.
            refusals.Count(service.Id, rule);
            throw;
        }
    }

    private async Task<CreatedCallback> CreateCheckedAsync(AppDbContext db, CallbackService service, CallbackRequest request, Actor actor, IntakeContext? context,
        CancellationToken ct)
    {
        CallbackRequestValidation.Validate(request);
        request.Push?.RequireEnabled(service.Push);
        // A number written without + is read in the country the consumer picked (the widget's country selector), else the service's.
        var number = RuleEvaluator.CheckNumber(request.PhoneNumber, request.PhoneCountry?.Trim().ToUpperInvariant() ?? service.DefaultCountry, service.Rules);
        if (!number.Verdict.Allowed)
        {
            throw Refusal(number.Verdict);
        }
        var phone = number.E164!;
        var immediate = request.DesiredTime is null;
        var throttleKey = ThrottleKeyOf(service.Rules.KeyedThrottle, request, context);
        // Everything that does not need the counts is done before taking the write lock, so the lock is held briefly.
        var estimate = immediate ? await EstimateInputsAsync(db, service, ct) : null;
        var now = clock.GetUtcNow();
        var hours = new OfficeHours(service.Schedule);
        var desired = immediate ? now : request.DesiredTime!.Value.ToUniversalTime();
        if (!immediate && (desired < now || desired > now.AddDays(service.HorizonDays)))
        {
            // Past or beyond the horizon needs no counting (and a year-9999 time could not even be stored).
            throw Refusal(RuleEvaluator.EvaluateSlot(SlotBookings.Check(db, service, hours, desired, now, null)));
        }
        var token = NewAccessToken();
        var callback = NewCallback(service, request, actor, phone, throttleKey, immediate, desired, now, token);
        await db.Database.OpenConnectionAsync(ct);

        // Every count below is per service, so the service's creates take turns. SQLite admits one writer: this process's
        // creates queue at the write gate, and from there to the commit nothing awaits, so the write lock is held for as
        // short a time as SQLite allows. PostgreSQL takes concurrent writers: no gate (other services' creates go on), and
        // the service's advisory lock is awaited, not blocked on, so a create waiting for another node's holds no thread;
        // once it is taken, the counts, the rules and the insert run straight through to the commit that releases it.
        var postgres = db.IsPostgres();
        using var turn = postgres ? null : await writeGate.EnterAsync(ct);
        using var transaction = postgres ? await db.Database.BeginTransactionAsync(ct) : db.Database.BeginTransaction();
        if (postgres)
        {
            await db.TakeTurnAsync("intake", [service.Id.ToString()], ct);
        }
        var (facts, queuedAhead) = IntakeFacts.Gather(db, service, hours, number, throttleKey, immediate, desired, now);
        var verdict = RuleEvaluator.Evaluate(facts);
        if (!verdict.Allowed)
        {
            throw Refusal(verdict);
        }
        if (immediate)
        {
            var position = queuedAhead + 1;
            callback.PositionAtOffer = position;
            callback.EwtAtOffer = WaitEstimate.EstimateSeconds(position, estimate!.EligibleAgents, estimate.HandleSeconds);
        }
        db.Callbacks.Add(callback);
        if (request.Push is { } push)
        {
            db.PushSubscriptions.Add(push.ToEntity(callback.Id, now));
        }
        db.SaveChanges();
        var created = new CreatedCallback(callback, token);
        context?.BeforeCommit?.Invoke(db, created);
        transaction.Commit();
        turn?.Dispose();

        await LinkWidgetSessionAsync(db, callback, ct);
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, service.Id, callback.Id, null));
        if (immediate)
        {
            triggers.Dispatch();
        }
        else
        {
            triggers.PromoteAt(callback.Id, callback.DueAt);
        }
        return created;
    }

    /// <summary>
    /// Links lifecycle events that arrived before this create (the lifecycle intake links those that arrive after). The
    /// callback is already committed: a failure here must not fail the create, and the session's next batch links again.
    /// </summary>
    private static async Task LinkWidgetSessionAsync(AppDbContext db, Callback callback, CancellationToken ct)
    {
        if (callback.WidgetSessionId is not { } session)
        {
            return;
        }
        try
        {
            await Lifecycle.WidgetEventLinks.LinkToAsync(db, callback.ServiceId, session, callback.Id, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException)
        {
            // Left for the session's next lifecycle batch.
        }
    }

    private static Callback NewCallback(CallbackService service, CallbackRequest request, Actor actor, string phone, string? throttleKey, bool immediate,
        DateTimeOffset desired, DateTimeOffset now, string token)
    {
        var callback = Callback.Start(Guid.NewGuid(), immediate, now, immediate ? now : desired.AddSeconds(-service.SubmitBufferSeconds), actor);
        callback.ServiceId = service.Id;
        callback.PhoneNumber = phone;
        callback.ThrottleKey = throttleKey;
        callback.FirstName = request.FirstName?.Trim();
        callback.LastName = request.LastName?.Trim();
        callback.Email = request.Email?.Trim();
        callback.Notes = request.Notes?.Trim();
        callback.Language = request.Language ?? service.Language;
        callback.UserData = request.UserData?.ToDictionary() ?? [];
        callback.WidgetSessionId = request.WidgetSessionId;
        callback.DesiredTime = desired;
        callback.ExpiresAt = desired.AddSeconds(service.TimeToLiveSeconds);
        callback.Priority = service.Priority;
        callback.AccessTokenHash = HashToken(token);
        if (immediate && service.Paused)
        {
            callback.Pause(now, "the service is paused");
        }
        return callback;
    }

    private async Task<EstimateInputs> EstimateInputsAsync(AppDbContext db, CallbackService service, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (estimates.TryGetValue(service.Id, out var cached) && cached.Until > now)
        {
            return cached.Inputs;
        }
        var inputs = await waitTimes.InputsAsync(db, service, ct);
        estimates[service.Id] = (inputs, now + EstimateInputsFor);
        return inputs;
    }

    /// <summary>A rule's refusal as the domain error the API and pages show, with the rule and its explanation.</summary>
    public static DomainException Refusal(RuleVerdict verdict) =>
        new(verdict.Code ?? "validation-failed", verdict.Explanation, verdict.Errors) { Rule = verdict.Rule, RetryAfter = verdict.RetryAfter };

    private static string? ThrottleKeyOf(KeyedThrottle? keyed, CallbackRequest request, IntakeContext? context)
    {
        if (keyed is null || keyed.Limit <= 0)
        {
            return null;
        }
        var value = keyed.Source == ThrottleKeySource.Header
            ? context?.Header?.Invoke(keyed.Name)
            : FieldValue(request, keyed.Name);
        return string.IsNullOrWhiteSpace(value) ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.Trim())))[..32];
    }

    private static string? FieldValue(CallbackRequest request, string field)
    {
        const string prefix = "userData.";
        if (field.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return request.UserData?.TryGetValue(field[prefix.Length..], out var value) == true ? value : null;
        }
        return field.ToLowerInvariant() switch
        {
            "email" => request.Email,
            "firstname" => request.FirstName,
            "lastname" => request.LastName,
            "phonenumber" => request.PhoneNumber,
            _ => request.UserData?.TryGetValue(field, out var value) == true ? value : null,
        };
    }

    private static string NewAccessToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time check of a presented token against the stored hash.</summary>
    public static bool TokenMatches(Callback callback, string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 100
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashToken(token)), Encoding.ASCII.GetBytes(callback.AccessTokenHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
