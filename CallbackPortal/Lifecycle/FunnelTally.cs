using CallbackPortal.Reports;

namespace CallbackPortal.Lifecycle;

/// <summary>
/// One line of the widget funnel: a service (or all chosen services) over a UTC day or hour (null: the whole range).
/// Counts are of distinct widget sessions, each counted in the period it began.
/// </summary>
/// <param name="Scheduled">Sessions that ended with a callback: linked to one, or reporting <c>completed</c>.</param>
/// <param name="OpenedToSubmitted">Share of opened sessions that submitted.</param>
/// <param name="SubmittedToScheduled">Share of submitting sessions that got a callback.</param>
/// <param name="MedianOpenToSubmitSeconds">Median time from opening to submitting, over sessions that did both.</param>
/// <param name="ProactiveShare">Share of the sessions whose widget opened proactively.</param>
public sealed record FunnelRow(
    Guid? ServiceId, string Service, DateTimeOffset? Period,
    int Sessions, int Ready, int Opened, int Started, int Submitted, int Scheduled, int Cancelled,
    double? OpenedToSubmitted, double? SubmittedToScheduled, double? MedianOpenToSubmitSeconds,
    int CaptchaShown, double? ValidationErrorsPerSubmitted, double? SubmitAttemptsPerSubmitted, double? ProactiveShare)
{
    public string PeriodText(ReportGranularity granularity) => Period switch
    {
        null => "Total",
        { } p when granularity == ReportGranularity.Hour => $"{p:yyyy-MM-dd HH}:00",
        { } p => $"{p:yyyy-MM-dd}",
    };
}

/// <summary>What the database aggregated of one session's events.</summary>
internal sealed record SessionFacts(Guid ServiceId, DateTimeOffset First, bool Ready, bool Opened, bool Started, bool Submitted, bool Completed, bool Cancelled,
    bool Linked, DateTimeOffset? OpenedAt, DateTimeOffset? SubmittedAt, bool CaptchaShown, bool Proactive, int? SubmitAttempts, int? ValidationErrors);

/// <summary>Adds up sessions for one funnel row, then works out its shares and median.</summary>
internal sealed class FunnelTally
{
    private readonly List<double> openToSubmit = [];
    private int sessions, ready, opened, started, submitted, scheduled, cancelled, openedAndSubmitted, submittedAndScheduled, captcha, proactive;
    private long validationErrors, submitAttempts;

    public void Add(SessionFacts s)
    {
        var isScheduled = s.Linked || s.Completed;
        sessions++;
        ready += s.Ready ? 1 : 0;
        opened += s.Opened ? 1 : 0;
        started += s.Started ? 1 : 0;
        submitted += s.Submitted ? 1 : 0;
        scheduled += isScheduled ? 1 : 0;
        cancelled += s.Cancelled ? 1 : 0;
        captcha += s.CaptchaShown ? 1 : 0;
        proactive += s.Proactive ? 1 : 0;
        openedAndSubmitted += s.Opened && s.Submitted ? 1 : 0;
        if (s.Submitted)
        {
            submittedAndScheduled += isScheduled ? 1 : 0;
            validationErrors += s.ValidationErrors ?? 0;
            submitAttempts += s.SubmitAttempts ?? 1;
        }
        if (s.OpenedAt is { } open && s.SubmittedAt is { } submit && submit >= open)
        {
            openToSubmit.Add((submit - open).TotalSeconds);
        }
    }

    public void Add(FunnelTally other)
    {
        openToSubmit.AddRange(other.openToSubmit);
        sessions += other.sessions;
        ready += other.ready;
        opened += other.opened;
        started += other.started;
        submitted += other.submitted;
        scheduled += other.scheduled;
        cancelled += other.cancelled;
        openedAndSubmitted += other.openedAndSubmitted;
        submittedAndScheduled += other.submittedAndScheduled;
        captcha += other.captcha;
        proactive += other.proactive;
        validationErrors += other.validationErrors;
        submitAttempts += other.submitAttempts;
    }

    public FunnelRow ToRow(Guid? serviceId, string service, DateTimeOffset? period) => new(serviceId, service, period,
        sessions, ready, opened, started, submitted, scheduled, cancelled,
        Share(openedAndSubmitted, opened), Share(submittedAndScheduled, submitted), Median(openToSubmit),
        captcha, Share(validationErrors, submitted), Share(submitAttempts, submitted), Share(proactive, sessions));

    private static double? Share(long part, int whole) => whole == 0 ? null : (double)part / whole;

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
