using CallbackPortal.Data;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>
/// Reads what the rules need to judge a request from the database: accepted requests in each throttle window,
/// open callbacks of the number, the queue, and the bookings of the desired slot. Called inside the create's
/// write transaction, so the counts cannot change before the callback is stored.
/// </summary>
public static class IntakeFacts
{
    public static async Task<(RuleFacts Facts, int QueuedAhead)> GatherAsync(AppDbContext db, CallbackService service, OfficeHours hours,
        NumberCheck number, string? throttleKey, bool immediate, DateTimeOffset desired, DateTimeOffset now, CancellationToken ct)
    {
        var rules = service.Rules;
        var mine = db.Callbacks.Where(c => c.ServiceId == service.Id);
        var phone = number.E164;
        var numberWindow = await WindowAsync(mine.Where(c => c.PhoneNumber == phone), rules.NumberThrottle, now, ct);
        var serviceWindows = new List<ThrottleFact>();
        foreach (var limit in rules.ServiceThrottles)
        {
            serviceWindows.Add(await WindowAsync(mine, limit, now, ct));
        }
        ThrottleFact? keyedWindow = null;
        if (rules.KeyedThrottle is { } keyed && throttleKey is not null)
        {
            keyedWindow = await WindowAsync(mine.Where(c => c.ThrottleKey == throttleKey), keyed.ToLimit(), now, ct);
        }
        var openForNumber = rules.DuplicateCheck == DuplicateCheck.Off ? 0
            : await mine.CountAsync(c => c.PhoneNumber == phone && c.State != CallbackState.Completed, ct);

        int queued = 0, queuedAhead = 0;
        SlotVerdict? slot = null;
        if (immediate)
        {
            queued = await mine.CountAsync(c => c.State == CallbackState.Queued, ct);
            // A new request waits behind every queued callback of its priority or higher.
            queuedAhead = await mine.CountAsync(c => c.State == CallbackState.Queued && c.Priority >= service.Priority, ct);
        }
        else
        {
            slot = await SlotBookings.CheckAsync(db, service, hours, desired, now, null, ct);
        }

        var facts = new RuleFacts
        {
            Number = number,
            Rules = rules,
            Immediate = immediate,
            OpenNow = !immediate || hours.IsOpen(now),
            RejectImmediateOutsideHours = service.RejectImmediateOutsideHours,
            QueuedCount = queued,
            MaxQueued = service.MaxQueued,
            OpenForNumber = openForNumber,
            NumberWindow = numberWindow,
            ServiceWindows = serviceWindows,
            KeyedWindow = keyedWindow,
            Slot = slot,
            Now = now,
        };
        return (facts, queuedAhead);
    }

    /// <summary>Accepted requests in the window; the oldest of them only when the limit is reached (it says when the next may pass).</summary>
    private static async Task<ThrottleFact> WindowAsync(IQueryable<Callback> scope, ThrottleLimit limit, DateTimeOffset now, CancellationToken ct)
    {
        if (limit.Limit <= 0)
        {
            return new ThrottleFact(limit, 0, null);
        }
        var since = now.AddSeconds(-limit.WindowSeconds);
        var inWindow = scope.Where(c => c.CreatedAt >= since);
        // Counting stops at the limit: reaching it is all the decision needs, and a busy window costs no more than its limit.
        var count = await inWindow.Take(limit.Limit).CountAsync(ct);
        DateTimeOffset? oldest = count >= limit.Limit
            ? await inWindow.OrderBy(c => c.CreatedAt).Select(c => (DateTimeOffset?)c.CreatedAt).FirstOrDefaultAsync(ct)
            : null;
        return new ThrottleFact(limit, count, oldest);
    }
}
