using System.Globalization;
using System.Text.Json;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Lifecycle;

/// <summary>One event of a <c>POST /api/v1/lifecycle</c> batch (API.md "Lifecycle batch").</summary>
/// <param name="Event">ready, opened, started, submitted, completed, closed or cancelled.</param>
/// <param name="Service">The service's key.</param>
/// <param name="SessionId">The widget session: 1–64 of A–Z, a–z, 0–9, '_' and '-'; the same id goes in the create body as <c>sessionId</c>.</param>
/// <param name="CallbackId">The callback, once created; it only confirms the session's callback, it cannot link to another.</param>
/// <param name="Timestamp">When it happened on the client (ISO 8601); kept within a day before and five minutes after its arrival.</param>
/// <param name="Metadata">flags, counters, timestamps, elapsedMs and errors; other keys are dropped; at most 4 KB.</param>
public sealed record LifecycleEventBody(string? Event, string? Service, string? SessionId, string? CallbackId, string? Timestamp, JsonElement? Metadata);

/// <summary>An event that passed the checks, ready to store once its service is known.</summary>
public sealed record LifecycleEventInput(string Event, string Service, string SessionId, Guid? ClaimedCallbackId, DateTimeOffset At, WidgetMetadataFacts Metadata);

/// <summary>Checks a whole batch and reports every problem at once, per field (<c>[3].event</c>); a refused batch stores nothing.</summary>
public static class LifecycleBatch
{
    public const int MaxEvents = 50;
    public static readonly TimeSpan EarliestBefore = TimeSpan.FromDays(1);
    public static readonly TimeSpan LatestAfter = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<LifecycleEventInput> Validate(IReadOnlyList<LifecycleEventBody?> batch, DateTimeOffset received)
    {
        if (batch.Count is 0 or > MaxEvents)
        {
            throw Invalid(new() { ["body"] = [$"Send an array of 1 to {MaxEvents} events."] });
        }
        var errors = new Dictionary<string, string[]>();
        var events = new List<LifecycleEventInput>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (Check(batch[i], $"[{i}]", received, errors) is { } valid)
            {
                events.Add(valid);
            }
        }
        return errors.Count > 0 ? throw Invalid(errors) : events;
    }

    private static LifecycleEventInput? Check(LifecycleEventBody? body, string at, DateTimeOffset received, Dictionary<string, string[]> errors)
    {
        if (body is null)
        {
            errors[at] = ["An event object is required."];
            return null;
        }
        var before = errors.Count;
        if (body.Event is null || !WidgetEventNames.All.Contains(body.Event))
        {
            errors[$"{at}.event"] = [$"Must be one of {string.Join(", ", WidgetEventNames.All)}."];
        }
        if (string.IsNullOrWhiteSpace(body.Service) || body.Service.Length > 64)
        {
            errors[$"{at}.service"] = ["Name the service (its key)."];
        }
        if (!WidgetEventNames.IsSessionId(body.SessionId))
        {
            errors[$"{at}.sessionId"] = [$"Required: 1-{WidgetEventNames.MaxSessionIdLength} characters of A-Z, a-z, 0-9, '_' and '-'."];
        }
        Guid? claimed = null;
        if (!string.IsNullOrEmpty(body.CallbackId))
        {
            if (Guid.TryParse(body.CallbackId, out var id))
            {
                claimed = id;
            }
            else
            {
                errors[$"{at}.callbackId"] = ["Must be the callback's id."];
            }
        }
        var when = Timestamp(body.Timestamp, $"{at}.timestamp", received, errors);
        var metadata = WidgetMetadata.Read(body.Metadata, $"{at}.metadata", errors);
        return errors.Count > before || metadata is null ? null
            : new LifecycleEventInput(body.Event!, body.Service!.Trim(), body.SessionId!, claimed, when, metadata);
    }

    /// <summary>The client's clock, kept near the server's: a wrong clock cannot place an event in another month.</summary>
    private static DateTimeOffset Timestamp(string? value, string field, DateTimeOffset received, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return received;
        }
        if (value.Length > 40 || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            errors[field] = ["Give an ISO 8601 time such as 2026-11-24T10:00:00Z."];
            return received;
        }
        var earliest = received - EarliestBefore;
        var latest = received + LatestAfter;
        return at < earliest ? earliest : at > latest ? latest : at.ToUniversalTime();
    }

    private static DomainException Invalid(Dictionary<string, string[]> errors) =>
        new("validation-failed", "Some lifecycle events are not valid; nothing was stored.", errors);
}
