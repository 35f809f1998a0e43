namespace CallbackPortal.Services;

public enum DialMode
{
    /// <summary>Call the consumer, then connect an agent.</summary>
    CustomerFirst,
    /// <summary>Reserve and call the agent, then dial the consumer.</summary>
    AgentFirst,
}

public enum MachineTreatment
{
    /// <summary>Hang up and try again later (uses an attempt).</summary>
    Retry,
    /// <summary>Give up: Completed / CustomerUnreachable.</summary>
    CompleteUnreachable,
    /// <summary>Connect the agent anyway (to leave a message) and count it as connected.</summary>
    CountAsConnected,
}

public sealed class RequiredSkill
{
    public string Skill { get; set; } = "";
    public int MinLevel { get; set; } = 1;
}

/// <summary>A virtual queue consumers request callbacks on, with its dialing policy and defaults from DOMAIN.md §4.</summary>
public class CallbackService : Data.IVersioned
{
    public Guid Id { get; set; }
    /// <summary>The name used in URLs and the API (<c>/api/v1/services/{key}</c>): lower-case letters, digits and dashes.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public int Priority { get; set; }
    public string DefaultCountry { get; set; } = "US";
    public string CallerId { get; set; } = "";
    public string Language { get; set; } = "en-US";
    public string Greeting { get; set; } = "Hello, this is the callback you asked for. Please hold while we connect you.";
    public List<RequiredSkill> RequiredSkills { get; set; } = [];

    public DialMode DialMode { get; set; } = DialMode.CustomerFirst;
    public bool PreviewEnabled { get; set; }
    public int PreviewTimeoutSeconds { get; set; } = 30;
    public int PreviewMaxRejects { get; set; } = 3;
    public int MaxDialAttempts { get; set; } = 3;
    public int RetryIntervalSeconds { get; set; } = 300;
    public MachineTreatment MachineTreatment { get; set; } = MachineTreatment.Retry;
    public int RingTimeoutSeconds { get; set; } = 30;
    public int WrapUpSeconds { get; set; } = 30;

    public int TimeToLiveSeconds { get; set; } = 86_400;
    public int SubmitBufferSeconds { get; set; } = 120;
    public int HorizonDays { get; set; } = 30;
    public bool RejectImmediateOutsideHours { get; set; } = true;
    /// <summary>The watermark: immediate callbacks are refused once this many wait (0: scheduled callbacks only).</summary>
    public int MaxQueued { get; set; } = 1_000;
    /// <summary>The highest watermark the portal accepts, on the services page and the rules page alike.</summary>
    public const int MaxQueuedLimit = 1_000_000;
    public int RetentionDays { get; set; } = 30;
    public int PushThresholdSeconds { get; set; } = 300;

    /// <summary>Offer immediate callbacks only while the wait estimate is at least this (null: no lower bound).</summary>
    public int? ImmediateMinEwtSeconds { get; set; }
    /// <summary>Offer immediate callbacks only while the wait estimate is at most this (null: no upper bound).</summary>
    public int? ImmediateMaxEwtSeconds { get; set; }

    public ServiceSchedule Schedule { get; set; } = ServiceSchedule.Default("UTC");
    public CapacityPlan Capacity { get; set; } = new();

    /// <summary>The rules that protect the contact center (DOMAIN.md §5).</summary>
    public Rules.ServiceRules Rules { get; set; } = new();
    /// <summary>CAPTCHA for consumer requests; the built-in proof-of-work by default.</summary>
    public PublicApi.Captcha.CaptchaSettings Captcha { get; set; } = new();
    /// <summary>Web origins allowed to call this service's consumer API from a browser (see <see cref="PublicApi.AllowedOrigins"/>).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
    /// <summary>The widget's form; null uses <see cref="Widget.WidgetForm.Default"/>.</summary>
    public Widget.WidgetForm? Form { get; set; }
    /// <summary>Push notification providers and their keys.</summary>
    public Push.PushSettings Push { get; set; } = new();

    public bool Paused { get; set; }
    public string? PausedReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Goes up on every save; a save based on an older version is refused (see <see cref="Data.IVersioned"/>).</summary>
    public int Version { get; set; }

    public IEnumerable<(string Skill, int MinLevel)> Requirements => RequiredSkills.Select(s => (s.Skill, s.MinLevel));
}
