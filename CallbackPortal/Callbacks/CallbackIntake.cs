using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Data;
using CallbackPortal.Engine;
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
    IReadOnlyDictionary<string, string>? UserData = null);

/// <summary>The stored callback with the access token that is shown to the consumer this once.</summary>
public sealed record CreatedCallback(Callback Callback, string AccessToken);

/// <summary>
/// The one path by which callbacks are created (public API, portal, demo traffic): validates, normalises the
/// number, checks office hours, slot capacity, horizon and watermark, stores the callback with its journey
/// data and the wait it was offered, and hands it to the engine.
/// </summary>
public sealed class CallbackIntake(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IEngineTriggers triggers, WaitTimes waitTimes, CallbackEventStream events)
{
    public async Task<CreatedCallback> CreateAsync(string serviceKey, CallbackRequest request, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.AsNoTracking().SingleOrDefaultAsync(s => s.Key == serviceKey, ct)
            ?? throw new DomainException("unknown-service", $"There is no callback service '{serviceKey}'.");
        CallbackRequestValidation.Validate(request);
        var phone = ConsumerNumbers.ToE164(request.PhoneNumber, service.DefaultCountry);
        var now = clock.GetUtcNow();
        var hours = new OfficeHours(service.Schedule);
        var immediate = request.DesiredTime is null;
        DateTimeOffset desired;
        if (immediate)
        {
            desired = now;
            if (service.RejectImmediateOutsideHours && !hours.IsOpen(now))
            {
                throw new DomainException("office-closed", "The service is closed now; ask for a callback at a later time.");
            }
            if (await db.Callbacks.CountAsync(c => c.ServiceId == service.Id && c.State == CallbackState.Queued, ct) >= service.MaxQueued)
            {
                throw new DomainException("queue-full", "The queue is full now; ask for a callback at a later time.");
            }
        }
        else
        {
            desired = request.DesiredTime!.Value.ToUniversalTime();
            await CheckSlotAsync(db, service, hours, desired, now, ct);
        }

        var token = NewAccessToken();
        var callback = Callback.Start(Guid.NewGuid(), immediate, now, immediate ? now : desired.AddSeconds(-service.SubmitBufferSeconds), actor);
        callback.ServiceId = service.Id;
        callback.PhoneNumber = phone;
        callback.FirstName = request.FirstName?.Trim();
        callback.LastName = request.LastName?.Trim();
        callback.Email = request.Email?.Trim();
        callback.Notes = request.Notes?.Trim();
        callback.Language = request.Language ?? service.Language;
        callback.UserData = request.UserData?.ToDictionary() ?? [];
        callback.DesiredTime = desired;
        callback.ExpiresAt = desired.AddSeconds(service.TimeToLiveSeconds);
        callback.Priority = service.Priority;
        callback.AccessTokenHash = HashToken(token);
        if (immediate)
        {
            var (position, ewt) = await waitTimes.PositionAndEstimateAsync(db, callback, service, ct);
            callback.PositionAtOffer = position;
            callback.EwtAtOffer = ewt;
            if (service.Paused)
            {
                callback.Pause(now, "the service is paused");
            }
        }
        db.Callbacks.Add(callback);
        await db.SaveChangesAsync(ct);
        events.Publish(new EngineEvent(EngineEventKind.CallbackChanged, service.Id, callback.Id, null));
        if (immediate)
        {
            triggers.Dispatch();
        }
        else
        {
            triggers.PromoteAt(callback.Id, callback.DueAt);
        }
        return new CreatedCallback(callback, token);
    }

    private static async Task CheckSlotAsync(AppDbContext db, CallbackService service, OfficeHours hours, DateTimeOffset desired, DateTimeOffset now, CancellationToken ct)
    {
        var calendar = new SlotCalendar(hours, service.Capacity);
        var slotStart = calendar.SlotStartOf(desired);
        var slotEnd = slotStart.AddMinutes(service.Capacity.SlotMinutes);
        var booked = await db.Callbacks.CountAsync(c => c.ServiceId == service.Id && !c.IsImmediate
            && c.DesiredTime >= slotStart && c.DesiredTime < slotEnd && c.State != CallbackState.Completed, ct);
        var verdict = calendar.Check(desired, now, service.HorizonDays, booked);
        switch (verdict.Outcome)
        {
            case SlotOutcome.InPast:
                throw new DomainException("validation-failed", "The desired time is in the past.",
                    new Dictionary<string, string[]> { ["desiredTime"] = ["The desired time must be in the future."] });
            case SlotOutcome.OutsideHorizon:
                throw new DomainException("outside-horizon", $"Callbacks can be scheduled at most {service.HorizonDays} days ahead.");
            case SlotOutcome.Closed:
                throw new DomainException("office-closed", "The service is closed at that time; pick an open slot.");
            case SlotOutcome.Full:
                throw new DomainException("slot-full", "That time slot is full; pick another one.");
        }
    }

    private static string NewAccessToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time check of a presented token against the stored hash.</summary>
    public static bool TokenMatches(Callback callback, string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 100
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashToken(token)), Encoding.ASCII.GetBytes(callback.AccessTokenHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
