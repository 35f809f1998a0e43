using System.Text.Json;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.ScaleOut;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Reliability;

/// <summary>
/// Checks a database a crash run left (the app killed, nothing running) against what the load was answered and what the
/// carrier dialed. Problems name callbacks by id and requests by index, never by phone number.
/// </summary>
public sealed class CrashAudit(TestDatabase database, SharedCarrier carrier, CallbackService service, int leaseSeconds)
{
    private readonly List<string> problems = [];

    public async Task<CrashReport> AuditAsync(IReadOnlyList<LoadRequest> requests, IReadOnlyList<KillMoment> kills, IReadOnlyList<string> appErrors, TimeSpan elapsed)
    {
        List<Callback> callbacks;
        List<Agent> agents;
        await using (var db = database.CreateDbContext())
        {
            callbacks = await db.Callbacks.AsNoTracking().Include(c => c.Attempts).Include(c => c.Events).AsSplitQuery().ToListAsync();
            agents = await db.Agents.AsNoTracking().ToListAsync();
        }
        var (integrity, foreignKeyErrors) = await CheckFileAsync();
        CheckRequests(requests, callbacks);
        callbacks.ForEach(CheckCallback);
        var doubleDials = CheckDials(callbacks);
        foreach (var agent in agents.Where(a => a.Presence != AgentPresence.Ready || a.CurrentCallbackId is not null))
        {
            problems.Add($"agent {agent.Name} left {agent.Presence} with callback {agent.CurrentCallbackId}");
        }
        var unknown = requests.Where(r => r.Outcome == RequestOutcome.Unknown).ToList();
        return new CrashReport
        {
            Kills = kills,
            Requests = requests.Count,
            Created = requests.Count(r => r.Outcome == RequestOutcome.Created),
            Unknown = unknown.Count,
            UnknownStored = unknown.Count(r => r.StoredBeforeRetry),
            Retries = unknown.GroupBy(r => r.Retry ?? "not sent").ToDictionary(g => g.Key, g => g.Count()),
            NotDelivered = requests.Count(r => r.Outcome == RequestOutcome.NotDelivered),
            Refused = requests.Count(r => r.Outcome == RequestOutcome.Refused),
            Callbacks = callbacks.Count,
            Completed = callbacks.Where(c => c.State == CallbackState.Completed).GroupBy(CompletedAs).ToDictionary(g => g.Key, g => g.Count()),
            Pending = callbacks.Count(c => c.State != CallbackState.Completed),
            Dials = carrier.Ledger.Calls.Count,
            DoubleDials = doubleDials,
            CarrierRequestsLost = carrier.Unanswered,
            Integrity = integrity,
            ForeignKeyErrors = foreignKeyErrors,
            AppErrors = appErrors,
            Problems = problems,
            Elapsed = elapsed,
        };
    }

    /// <summary>Every 201 is stored whole; an unknown request is stored at most once and whole; nothing is stored that no request asked for.</summary>
    private void CheckRequests(IReadOnlyList<LoadRequest> requests, List<Callback> callbacks)
    {
        var byNumber = callbacks.ToLookup(c => c.PhoneNumber, StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var stored = byNumber[request.PhoneNumber].ToList();
            if (stored.Count > 1)
            {
                problems.Add($"request {request.Index}: stored {stored.Count} times ({string.Join(", ", stored.Select(c => c.Id))})");
            }
            var callback = stored.FirstOrDefault();
            if (request.Outcome == RequestOutcome.Refused && request.DesiredTime < request.AnsweredAt && callback is null)
            {
                // Scheduled a few seconds ahead, answered after that time (a slow machine): "the desired time has passed" is right.
                continue;
            }
            if (request.Outcome is RequestOutcome.Refused or RequestOutcome.Sending)
            {
                problems.Add($"request {request.Index}: answered {request.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never"}");
            }
            else if (request.Outcome == RequestOutcome.NotDelivered && callback is not null)
            {
                problems.Add($"request {request.Index}: refused a connection, yet stored as {callback.Id}");
            }
            else if (request.Created is { } answer)
            {
                CheckAnswered(request, answer, callback);
            }
            else if (callback is not null)
            {
                // Its answer was lost, and sending it again did not get one either (the key was still held): stored whole, or not at all.
                CheckWhole(request, callback);
            }
        }
        var asked = requests.Select(r => r.PhoneNumber).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in callbacks.Where(c => !asked.Contains(c.PhoneNumber)))
        {
            problems.Add($"callback {stray.Id}: stored, yet no request asked for its number");
        }
    }

    private void CheckAnswered(LoadRequest request, JsonElement answer, Callback? callback)
    {
        var id = answer.GetProperty("id").GetGuid();
        if (callback is null || callback.Id != id)
        {
            problems.Add($"request {request.Index}: answered 201 with {id}, which is not stored");
            return;
        }
        CheckWhole(request, callback);
        var expectedState = request.DesiredTime is null ? nameof(CallbackState.Queued) : nameof(CallbackState.Scheduled);
        if (CallbackIntake.HashToken(answer.GetProperty("accessToken").GetString()!) != callback.AccessTokenHash
            || !SameTime(answer.GetProperty("desiredTime").GetDateTimeOffset(), callback.DesiredTime)
            || answer.GetProperty("state").GetString() != expectedState)
        {
            problems.Add($"request {request.Index}: the 201 does not match stored callback {callback.Id} (token, desired time or state)");
        }
    }

    /// <summary>The stored row carries what the request sent.</summary>
    private void CheckWhole(LoadRequest request, Callback callback)
    {
        var scheduledAsAsked = request.DesiredTime is not { } desired
            ? callback.IsImmediate
            : !callback.IsImmediate && SameTime(callback.DesiredTime, desired);
        if (callback.ServiceId != service.Id || callback.FirstName != CrashLoad.FirstName || callback.LastName != $"No {request.Index}"
            || callback.Notes is null || !callback.Notes.EndsWith($"request {request.Index}", StringComparison.Ordinal)
            || callback.UserData.GetValueOrDefault("request") != request.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)
            || !scheduledAsAsked || callback.AccessTokenHash.Length == 0)
        {
            problems.Add($"request {request.Index}: stored callback {callback.Id} differs from what was sent");
        }
    }

    /// <summary>The reason, and for any but a connection, the last attempt's result and detail: what the app knew when it gave up.</summary>
    private static string CompletedAs(Callback callback) =>
        callback.Reason == CompletionReason.AgentConnected || callback.Attempts.MaxBy(a => a.Number) is not { } last
            ? $"{callback.Reason}"
            : $"{callback.Reason} ({last.Result}: {last.Detail})";

    /// <summary>Times are stored to a tenth of a millisecond (<c>DateTimeOffsetToBinaryConverter</c>).</summary>
    private static bool SameTime(DateTimeOffset a, DateTimeOffset b) => (a - b).Duration() < TimeSpan.FromMilliseconds(1);

    /// <summary>Its timeline agrees with its row; completed for a reason the attempts explain, or still waiting for a reason.</summary>
    private void CheckCallback(Callback callback)
    {
        var lastMove = callback.Events.Where(e => e.Kind == CallbackEventKinds.StateChanged).MaxBy(e => e.Id);
        if (!callback.Events.Any(e => e.Kind == CallbackEventKinds.Created) || lastMove?.ToState != callback.State)
        {
            problems.Add($"callback {callback.Id}: its timeline does not end in its state {callback.State}");
        }
        foreach (var attempt in callback.Attempts.Where(a => a.Stage != AttemptStage.Finished))
        {
            problems.Add($"callback {callback.Id}: attempt {attempt.Number} left {attempt.Stage}");
        }
        var last = callback.Attempts.MaxBy(a => a.Number);
        var fits = callback.State switch
        {
            CallbackState.Completed => callback.Reason switch
            {
                CompletionReason.AgentConnected => callback.ProcessingAt is not null && callback.Attempts.Any(a => a.ConnectedAt is not null),
                CompletionReason.CustomerUnreachable => last is { Stage: AttemptStage.Finished }
                    && (!CallOutcomes.IsWorthRetrying(last.Result ?? DialResult.Unknown, service) || callback.AttemptCount >= service.MaxDialAttempts),
                _ => false,
            },
            // Still waiting is right only for a callback whose time has not come (a lease of slack for the sweep).
            CallbackState.Scheduled or CallbackState.Queued => callback.DueAt > DateTimeOffset.UtcNow.AddSeconds(-leaseSeconds),
            _ => false,
        };
        if (!fits)
        {
            problems.Add($"callback {callback.Id}: {callback.State} {callback.Reason} ({callback.ReasonDetail}) after {callback.Attempts.Count} attempt(s): "
                + string.Join("; ", callback.Attempts.OrderBy(a => a.Number).Select(a => $"{a.Number} {a.Stage} {a.Result} '{a.Detail}'")));
        }
    }

    /// <summary>Returns the double dials: keys placed twice, calls for no attempt, a number called again when the retry policy says not to.</summary>
    private int CheckDials(List<Callback> callbacks)
    {
        var calls = carrier.Ledger.Calls;
        var keysTwice = carrier.Ledger.CallsPlacedPerKey.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        keysTwice.ForEach(key => problems.Add($"key {key} dialed {carrier.Ledger.CallsPlaced(key)} times"));
        var attemptKeys = callbacks.SelectMany(c => c.Attempts).Select(a => a.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var orphans = calls.Count(c => !attemptKeys.Contains(c.IdempotencyKey));
        if (orphans > 0)
        {
            problems.Add($"{orphans} call(s) placed for no stored attempt");
        }
        var placedKeys = calls.Select(c => c.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var callsTo = calls.GroupBy(c => c.To, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var againstPolicy = 0;
        foreach (var callback in callbacks)
        {
            var dialed = callback.Attempts.Where(a => placedKeys.Contains(a.IdempotencyKey)).OrderBy(a => a.Number).ToList();
            var redials = dialed.SkipLast(1).Count(a => !CallOutcomes.IsWorthRetrying(a.Result ?? DialResult.Unknown, service));
            if (redials > 0 || dialed.Count > service.MaxDialAttempts || callsTo.GetValueOrDefault(callback.PhoneNumber) != dialed.Count)
            {
                againstPolicy++;
                problems.Add($"callback {callback.Id}: its number called {callsTo.GetValueOrDefault(callback.PhoneNumber)} times for {dialed.Count} dialed attempt(s), "
                    + $"{redials} after a result that is not retried");
            }
        }
        return keysTwice.Count + orphans + againstPolicy;
    }

    private async Task<(string Integrity, int ForeignKeyErrors)> CheckFileAsync()
    {
        await using var db = database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var integrity = connection.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        var verdict = (string?)await integrity.ExecuteScalarAsync() ?? "no answer";
        await using var foreignKeys = connection.CreateCommand();
        foreignKeys.CommandText = "PRAGMA foreign_key_check";
        await using var reader = await foreignKeys.ExecuteReaderAsync();
        var errors = 0;
        while (await reader.ReadAsync())
        {
            errors++;
        }
        if (verdict != "ok" || errors > 0)
        {
            problems.Add($"the database file: integrity_check says '{verdict}', foreign_key_check lists {errors} row(s)");
        }
        return (verdict, errors);
    }
}
