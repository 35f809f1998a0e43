using CallbackPortal.Data;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>
/// Reads what the rules need to judge a request from the database: accepted requests in each throttle window,
/// open callbacks of the number, the queue, and the bookings of the desired slot. Called inside the create's
/// write transaction, so the counts cannot change before the callback is stored. Synchronous on purpose: SQLite
/// answers in process, and a lock held across awaits waits for thread-pool turns while others queue behind it.
/// </summary>
public static class IntakeFacts
{
    private sealed record NumberRow(DateTimeOffset CreatedAt, bool Open);

    private sealed record QueueCounts(int All, int Ahead);

    public static (RuleFacts Facts, int QueuedAhead) Gather(AppDbContext db, CallbackService service, OfficeHours hours,
        NumberCheck number, string? throttleKey, bool immediate, DateTimeOffset desired, DateTimeOffset now)
    {
        var rules = service.Rules;
        var phone = number.E164!;
        // One read of this number's recent and open callbacks answers both the number throttle and the duplicate check.
        var numberSince = now.AddSeconds(-rules.NumberThrottle.WindowSeconds);
        var mine = db.Callbacks.Where(c => c.ServiceId == service.Id);
        var ofNumber = mine.Where(c => c.PhoneNumber == phone && (c.CreatedAt >= numberSince || c.State != CallbackState.Completed))
            .Select(c => new NumberRow(c.CreatedAt, c.State != CallbackState.Completed))
            .ToList();
        var inNumberWindow = ofNumber.Where(c => c.CreatedAt >= numberSince).Select(c => c.CreatedAt).Order().ToList();
        var numberWindow = rules.NumberThrottle.Limit <= 0 ? new ThrottleFact(rules.NumberThrottle, 0, null)
            : new ThrottleFact(rules.NumberThrottle, inNumberWindow.Count, inNumberWindow.Count >= rules.NumberThrottle.Limit ? inNumberWindow[0] : null);
        var openForNumber = rules.DuplicateCheck == DuplicateCheck.Off ? 0 : ofNumber.Count(c => c.Open);
        var serviceWindows = new List<ThrottleFact>();
        foreach (var limit in rules.ServiceThrottles)
        {
            serviceWindows.Add(Window(mine, limit, now));
        }
        ThrottleFact? keyedWindow = null;
        if (rules.KeyedThrottle is { } keyed && throttleKey is not null)
        {
            keyedWindow = Window(mine.Where(c => c.ThrottleKey == throttleKey), keyed.ToLimit(), now);
        }

        int queued = 0, queuedAhead = 0;
        SlotVerdict? slot = null;
        if (immediate)
        {
            // A new request waits behind every waiting callback of its priority or higher; all of them count for the watermark,
            // those held while the service is paused too (they queue again on resume).
            var counts = mine.Where(c => c.State == CallbackState.Queued || c.State == CallbackState.Paused).GroupBy(c => 1)
                .Select(g => new QueueCounts(g.Count(), g.Count(c => c.Priority >= service.Priority)))
                .SingleOrDefault();
            (queued, queuedAhead) = (counts?.All ?? 0, counts?.Ahead ?? 0);
        }
        else
        {
            slot = SlotBookings.Check(db, service, hours, desired, now, null);
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
    private static ThrottleFact Window(IQueryable<Callback> scope, ThrottleLimit limit, DateTimeOffset now)
    {
        if (limit.Limit <= 0)
        {
            return new ThrottleFact(limit, 0, null);
        }
        var since = now.AddSeconds(-limit.WindowSeconds);
        var inWindow = scope.Where(c => c.CreatedAt >= since).OrderBy(c => c.CreatedAt);
        // Counting stops at the limit: reaching it is all the decision needs, and a busy window costs no more than its limit.
        var count = inWindow.Take(limit.Limit).Count();
        return new ThrottleFact(limit, count, count >= limit.Limit ? inWindow.Select(c => (DateTimeOffset?)c.CreatedAt).FirstOrDefault() : null);
    }
}
