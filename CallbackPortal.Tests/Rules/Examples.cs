using CallbackPortal.Rules;
using CallbackPortal.Services;
using PhoneNumbers;

namespace CallbackPortal.Tests.Rules;

/// <summary>Real numbers from libphonenumber's own examples, and request facts with nothing in the way.</summary>
internal static class Examples
{
    public static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 7, 0, TimeSpan.Zero);

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 example of a type in a region, or null when the region has none.</summary>
    public static string? Number(string region, PhoneNumberType type) =>
        Util.GetExampleNumberForType(region, type) is { } number ? Util.Format(number, PhoneNumberFormat.E164) : null;

    public static string GbMobile => Number("GB", PhoneNumberType.MOBILE)!; // +447400123456

    public static NumberCheck Check(string number, ServiceRules? rules = null, string defaultCountry = "GB") =>
        RuleEvaluator.CheckNumber(number, defaultCountry, rules ?? new ServiceRules());

    /// <summary>An ASAP request for a GB mobile to an open, empty service, with every throttle window empty.</summary>
    public static RuleFacts Immediate(ServiceRules? rules = null)
    {
        rules ??= new ServiceRules();
        return new RuleFacts
        {
            Number = Check(GbMobile, rules),
            Rules = rules,
            Immediate = true,
            OpenNow = true,
            RejectImmediateOutsideHours = true,
            QueuedCount = 0,
            MaxQueued = 1_000,
            OpenForNumber = 0,
            NumberWindow = new ThrottleFact(rules.NumberThrottle, 0, null),
            ServiceWindows = [.. rules.ServiceThrottles.Select(limit => new ThrottleFact(limit, 0, null))],
            KeyedWindow = rules.KeyedThrottle is { } keyed ? new ThrottleFact(keyed.ToLimit(), 0, null) : null,
            Now = Now,
        };
    }

    /// <summary>The same request, scheduled into a slot the calendar judged as <paramref name="outcome"/>.</summary>
    public static RuleFacts Scheduled(SlotOutcome outcome, string explanation = "The slot starting 2026-03-05 10:15 (America/New_York) has 97 of 100 places free.") =>
        Immediate() with
        {
            Immediate = false,
            Slot = new SlotVerdict(outcome, new DateTimeOffset(2026, 3, 5, 15, 15, 0, TimeSpan.Zero), explanation),
        };
}
