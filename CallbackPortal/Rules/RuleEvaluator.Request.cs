using System.Globalization;
using CallbackPortal.Services;
using static CallbackPortal.Rules.RuleText;

namespace CallbackPortal.Rules;

public static partial class RuleEvaluator
{
    /// <summary>
    /// The whole decision about a create request, in order: the number rules, the keyed throttle, the number
    /// throttle, the service throttles, the duplicate check, then office hours and the watermark for an immediate
    /// request or the slot calendar's verdict for a scheduled one. Stops at the first refusal.
    /// </summary>
    /// <exception cref="ArgumentException">A scheduled request without its <see cref="RuleFacts.Slot"/>.</exception>
    public static RuleVerdict Evaluate(RuleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.Number.Allowed)
        {
            return facts.Number.Verdict;
        }
        if (!facts.Immediate && facts.Slot is null)
        {
            throw new ArgumentException("A scheduled request needs the slot calendar's verdict.", nameof(facts));
        }

        var checks = new List<RuleCheck>(facts.Number.Verdict.Checks);
        var masked = facts.Number.Masked;
        return KeyedThrottle(facts, checks)
            ?? Throttle(RuleNames.NumberThrottle, "number throttle", $"{masked} has", facts.NumberWindow, facts.Now, checks)
            ?? ServiceThrottles(facts, checks)
            ?? Duplicates(facts, masked, checks)
            ?? (facts.Immediate ? OfficeHoursNow(facts, checks) ?? Watermark(facts, checks) : Slot(facts.Slot!, checks))
            ?? RuleVerdict.Allow(checks);
    }

    private static RuleVerdict? KeyedThrottle(RuleFacts facts, List<RuleCheck> checks)
    {
        var keyed = facts.Rules.KeyedThrottle;
        var label = keyed is null ? "keyed throttle" : $"keyed throttle on {keyed.Describe()}";
        if (facts.KeyedWindow is { } window)
        {
            var subject = keyed?.Source == ThrottleKeySource.Header ? "this header value has" : "this key has";
            return Throttle(RuleNames.KeyedThrottle, label, subject, window, facts.Now, checks);
        }
        checks.Add(new(RuleNames.KeyedThrottle, true, keyed is null
            ? "Keyed throttle: none is set."
            : $"Keyed throttle on {keyed.Describe()}: the request carries no value for it, so it does not apply."));
        return null;
    }

    private static RuleVerdict? ServiceThrottles(RuleFacts facts, List<RuleCheck> checks)
    {
        if (facts.ServiceWindows.Count == 0)
        {
            checks.Add(new(RuleNames.ServiceThrottle, true, "Service throttle: none is set."));
            return null;
        }
        return facts.ServiceWindows
            .Select(window => Throttle(RuleNames.ServiceThrottle, "service throttle", "the service has", window, facts.Now, checks))
            .FirstOrDefault(verdict => verdict is not null);
    }

    private static RuleVerdict? Throttle(string rule, string label, string subject, ThrottleFact fact, DateTimeOffset now, List<RuleCheck> checks)
    {
        if (!fact.Limit.IsOn)
        {
            checks.Add(new(rule, true, $"{Capitalised(label)}: off."));
            return null;
        }
        var usage = Invariant($"{subject} used {fact.Count} of {fact.Limit.Limit} requests per {Window(fact.Limit.WindowSeconds)}");
        if (fact.Count < fact.Limit.Limit)
        {
            checks.Add(new(rule, true, $"{Capitalised(label)}: {usage}."));
            return null;
        }
        var retryAfter = RetryAfter(fact, now);
        return RuleVerdict.Refuse("too-many-requests", rule, Usage(fact), $"Refused by {label}: {usage}; retry in {Duration(retryAfter)}.", checks, retryAfter);
    }

    // When the oldest request in the window leaves it, in whole seconds, never less than one.
    private static TimeSpan RetryAfter(ThrottleFact fact, DateTimeOffset now)
    {
        var wait = fact.OldestInWindow is { } oldest ? oldest + fact.Limit.Window - now : fact.Limit.Window;
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
    }

    private static RuleVerdict? Duplicates(RuleFacts facts, string masked, List<RuleCheck> checks)
    {
        var mode = facts.Rules.DuplicateCheck;
        if (DuplicateChecks.MaxOpen(mode) is not { } max)
        {
            checks.Add(new(RuleNames.DuplicateInQueue, true, "Duplicate check: off."));
            return null;
        }
        var label = $"duplicate check ({mode.ToString().ToLowerInvariant()})";
        var open = Invariant($"{masked} has {facts.OpenForNumber} open {Plural(facts.OpenForNumber, "callback")} in this service");
        if (facts.OpenForNumber >= max)
        {
            return RuleVerdict.Refuse("duplicate-in-queue", RuleNames.DuplicateInQueue, Invariant($"{facts.OpenForNumber} of {max} open"),
                Invariant($"Refused by {label}: {open}, and {max} is the most allowed."), checks);
        }
        checks.Add(new(RuleNames.DuplicateInQueue, true, Invariant($"{Capitalised(label)}: {open}; {max} allowed.")));
        return null;
    }

    private static RuleVerdict? OfficeHoursNow(RuleFacts facts, List<RuleCheck> checks)
    {
        if (!facts.OpenNow && facts.RejectImmediateOutsideHours)
        {
            return RuleVerdict.Refuse("office-closed", RuleNames.OfficeHours, "closed",
                "Refused by office hours: the service is closed now and takes ASAP callbacks only while open.", checks);
        }
        checks.Add(new(RuleNames.OfficeHours, true, facts.OpenNow
            ? "Office hours: the service is open now."
            : "Office hours: the service is closed now, but it queues ASAP callbacks outside office hours."));
        return null;
    }

    private static RuleVerdict? Watermark(RuleFacts facts, List<RuleCheck> checks)
    {
        var queued = Invariant($"{facts.QueuedCount} of {facts.MaxQueued} queued");
        if (facts.QueuedCount >= facts.MaxQueued)
        {
            return RuleVerdict.Refuse("queue-full", RuleNames.Watermark, queued,
                Invariant($"Refused by watermark: {facts.QueuedCount} callbacks are queued, and the service takes at most {facts.MaxQueued}."), checks);
        }
        checks.Add(new(RuleNames.Watermark, true, Invariant($"Watermark: {queued}, so the service takes ASAP callbacks.")));
        return null;
    }

    /// <summary>The slot rules alone (past, horizon, office hours, capacity), for moving a callback that was already accepted.</summary>
    public static RuleVerdict EvaluateSlot(SlotVerdict slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var checks = new List<RuleCheck>();
        return Slot(slot, checks) ?? RuleVerdict.Allow(checks);
    }

    // The slot calendar judges past, horizon, office hours, capacity in that order; the trace shows each step.
    private static RuleVerdict? Slot(SlotVerdict slot, List<RuleCheck> checks)
    {
        var value = slot.SlotStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        var detail = Continue(slot.Explanation);
        (string Rule, string Label, SlotOutcome RefusedBy, string Code, string Passed)[] steps =
        [
            (RuleNames.DesiredTime, "desired time", SlotOutcome.InPast, "validation-failed", "Desired time: it has not passed."),
            (RuleNames.Horizon, "horizon", SlotOutcome.OutsideHorizon, "outside-horizon", "Horizon: the desired time is within the schedule horizon."),
            (RuleNames.OfficeHours, "office hours", SlotOutcome.Closed, "office-closed", "Office hours: the slot lies within office hours."),
            (RuleNames.SlotCapacity, "slot capacity", SlotOutcome.Full, "slot-full", $"Slot capacity: {detail}"),
        ];
        foreach (var step in steps)
        {
            if (slot.Outcome == step.RefusedBy)
            {
                var errors = step.Code == "validation-failed" ? new Dictionary<string, string[]> { ["desiredTime"] = [slot.Explanation] } : null;
                return RuleVerdict.Refuse(step.Code, step.Rule, value, $"Refused by {step.Label}: {detail}", checks, errors: errors);
            }
            checks.Add(new(step.Rule, true, step.Passed));
        }
        return null;
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
