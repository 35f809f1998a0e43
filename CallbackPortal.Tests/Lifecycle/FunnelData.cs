using CallbackPortal.Lifecycle;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>Widget sessions with known steps, written straight to the database for the funnel tests.</summary>
public static class FunnelData
{
    public static WidgetEvent Step(Guid service, string session, string name, DateTimeOffset at, bool captcha = false, bool proactive = false,
        int? attempts = null, int? errors = null, Guid? callback = null) => new()
    {
        ServiceId = service,
        SessionId = session,
        Event = name,
        At = at,
        ReceivedAt = at,
        CallbackId = callback,
        CaptchaShown = captcha,
        Proactive = proactive,
        SubmitAttempts = attempts,
        ValidationErrors = errors,
    };

    /// <summary>
    /// Four sessions of a day from 09:00 (plus one that began the evening before): submitted after 30 s with two attempts, one
    /// validation error and a CAPTCHA, linked; proactive, submitted after 60 s, reported completed; opened then cancelled; only ready.
    /// </summary>
    public static IEnumerable<WidgetEvent> FourSessions(Guid service, DateTimeOffset day)
    {
        var nine = day.AddHours(9);
        var s = Enumerable.Range(1, 5).Select(i => $"{service:N}-{day:yyyyMMdd}-{i}").ToArray();
        return
        [
            Step(service, s[0], "ready", nine), Step(service, s[0], "opened", nine.AddSeconds(5)), Step(service, s[0], "started", nine.AddSeconds(10)),
            Step(service, s[0], "submitted", nine.AddSeconds(35), captcha: true, attempts: 2, errors: 1, callback: Guid.NewGuid()),
            Step(service, s[1], "ready", nine.AddMinutes(10)), Step(service, s[1], "opened", nine.AddMinutes(10).AddSeconds(2), proactive: true),
            Step(service, s[1], "started", nine.AddMinutes(10).AddSeconds(20)), Step(service, s[1], "submitted", nine.AddMinutes(11).AddSeconds(2), attempts: 1, errors: 0),
            Step(service, s[1], "completed", nine.AddMinutes(11).AddSeconds(3)),
            Step(service, s[2], "ready", nine.AddMinutes(20)), Step(service, s[2], "opened", nine.AddMinutes(20).AddSeconds(1)),
            Step(service, s[2], "cancelled", nine.AddMinutes(20).AddSeconds(30)),
            Step(service, s[3], "ready", nine.AddHours(1).AddMinutes(5)),
            // Began the day before: counted there, not here.
            Step(service, s[4], "ready", day.AddSeconds(-10)), Step(service, s[4], "opened", day.AddSeconds(10)),
        ];
    }

    /// <summary>One session of another service: opened and submitted two minutes later, no callback.</summary>
    public static IEnumerable<WidgetEvent> OneSubmitted(Guid service, DateTimeOffset day)
    {
        var start = day.AddHours(9).AddMinutes(30);
        var session = $"{service:N}-{day:yyyyMMdd}-1";
        return [Step(service, session, "ready", start), Step(service, session, "opened", start), Step(service, session, "submitted", start.AddMinutes(2), attempts: 1)];
    }
}
