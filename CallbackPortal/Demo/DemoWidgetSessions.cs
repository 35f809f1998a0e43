using System.Globalization;
using System.Text.Json;
using CallbackPortal.Callbacks;
using CallbackPortal.Lifecycle;

namespace CallbackPortal.Demo;

/// <summary>
/// The widget's side of demo mode's past, so the widget funnel has something to show on a fresh install: most history
/// callbacks were asked for through the widget (a session ready → opened → started → submitted → completed → closed,
/// linked to its callback), and more visitors saw the widget than used it (sessions that stop at ready, opened, started,
/// or a refused submit). Written with the same metadata rules as the lifecycle intake.
/// </summary>
internal static class DemoWidgetSessions
{
    /// <summary>The session that asked for <paramref name="callback"/>; sets the callback's widget session.</summary>
    public static IEnumerable<WidgetEvent> For(Callback callback, Random random)
    {
        var session = "demo-" + callback.Id.ToString("N")[..20];
        callback.WidgetSessionId = session;
        var submitted = callback.CreatedAt.AddSeconds(-1);
        var captcha = random.NextDouble() < 0.5;
        var errors = random.NextDouble() < 0.2 ? 1 : 0;
        return Steps(callback.ServiceId, session, callback.Id, submitted.AddSeconds(-(40 + random.Next(240))), 6, random, captcha, errors, proactive: random.NextDouble() < 0.15,
            immediate: callback.IsImmediate);
    }

    /// <summary>A visitor who did not end with a callback: <paramref name="reached"/> 1 ready, 2 opened, 3 started, 4 submitted but refused.</summary>
    public static IEnumerable<WidgetEvent> Abandoned(Guid serviceId, DateTimeOffset start, int reached, Random random) =>
        Steps(serviceId, "demo-" + Guid.NewGuid().ToString("N")[..20], null, start, reached, random, captcha: reached >= 3 && random.NextDouble() < 0.5,
            errors: reached == 4 ? 1 + random.Next(2) : 0, proactive: random.NextDouble() < 0.25, immediate: true);

    private static IEnumerable<WidgetEvent> Steps(Guid serviceId, string session, Guid? callbackId, DateTimeOffset readyAt, int reached, Random random,
        bool captcha, int errors, bool proactive, bool immediate)
    {
        string[] names = [WidgetEventNames.Ready, WidgetEventNames.Opened, WidgetEventNames.Started, WidgetEventNames.Submitted, WidgetEventNames.Completed];
        var at = readyAt;
        var times = new Dictionary<string, DateTimeOffset>();
        // A session that ended with a callback had one accepted submit after its refused ones; an abandoned one only refused ones.
        var submits = callbackId is null ? errors : errors + 1;
        var attempts = 0;
        for (var step = 0; step < Math.Min(reached, names.Length); step++)
        {
            at = step switch
            {
                0 => at,
                1 => at.AddSeconds(3 + random.Next(60)),
                2 => at.AddSeconds(2 + random.Next(15)),
                3 => at.AddSeconds(20 + random.Next(90)),
                _ => at.AddSeconds(2),
            };
            times[names[step]] = at;
            attempts = step >= 3 ? submits : 0;
            yield return Event(serviceId, session, callbackId, names[step], at, times, captcha && step >= 2, proactive, attempts, step >= 3 ? errors : 0, immediate);
        }
        if (reached >= 2)
        {
            at = at.AddSeconds(5 + random.Next(40));
            times[WidgetEventNames.Closed] = at;
            yield return Event(serviceId, session, callbackId, WidgetEventNames.Closed, at, times, captcha && reached >= 3, proactive, attempts, reached >= 4 ? errors : 0, immediate);
        }
    }

    private static WidgetEvent Event(Guid serviceId, string session, Guid? callbackId, string name, DateTimeOffset at, Dictionary<string, DateTimeOffset> times,
        bool captcha, bool proactive, int attempts, int errors, bool immediate)
    {
        var opened = times.GetValueOrDefault(WidgetEventNames.Opened);
        var metadata = new
        {
            flags = new { proactive, prefilled = false, autoSubmitted = false, captchaShown = captcha, immediate },
            counters = new { opened = times.ContainsKey(WidgetEventNames.Opened) ? 1 : 0, submitAttempts = attempts, validationErrors = errors, availabilityRequests = immediate ? 0 : 1 },
            timestamps = times.ToDictionary(t => t.Key + "At", t => t.Value.ToString("O", CultureInfo.InvariantCulture)),
            elapsedMs = opened == default ? new Dictionary<string, long>() : new Dictionary<string, long> { ["openToNow"] = (long)(at - opened).TotalMilliseconds },
            errors = errors > 0 ? new[] { new { code = "invalid-phone-number", field = "phoneNumber" } } : [],
        };
        var problems = new Dictionary<string, string[]>();
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(metadata));
        var facts = WidgetMetadata.Read(document.RootElement, "metadata", problems)
            ?? throw new InvalidOperationException("Demo widget metadata is refused: " + string.Join("; ", problems.SelectMany(p => p.Value)));
        return new WidgetEvent
        {
            ServiceId = serviceId,
            SessionId = session,
            Event = name,
            At = at,
            ReceivedAt = at,
            CallbackId = callbackId,
            Metadata = facts.Json,
            CaptchaShown = facts.CaptchaShown,
            Proactive = facts.Proactive,
            SubmitAttempts = facts.SubmitAttempts,
            ValidationErrors = facts.ValidationErrors,
        };
    }
}
