using CallbackPortal.Widget;

namespace CallbackPortal.Services;

/// <summary>
/// Every setting of a callback service that the service editor changes (DOMAIN.md §4), as the page edits it: copies,
/// so editing never touches a tracked entity, and the consumer form as JSON text. Rules, CAPTCHA, push and CORS have
/// their own pages. <see cref="Version"/> is the service's version when the form was read.
/// </summary>
public sealed class ServiceForm
{
    public int Version { get; set; }
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public int Priority { get; set; }
    public string DefaultCountry { get; set; } = "US";
    public string CallerId { get; set; } = "";
    public string Language { get; set; } = "en-US";
    public string Greeting { get; set; } = "";

    public ServiceSchedule Schedule { get; set; } = new();
    public CapacityPlan Capacity { get; set; } = new();

    public DialMode DialMode { get; set; }
    public bool PreviewEnabled { get; set; }
    public int PreviewTimeoutSeconds { get; set; }
    public int PreviewMaxRejects { get; set; }
    public int MaxDialAttempts { get; set; }
    public int RetryIntervalSeconds { get; set; }
    public MachineTreatment MachineTreatment { get; set; }
    public int RingTimeoutSeconds { get; set; }
    public int WrapUpSeconds { get; set; }
    public int TimeToLiveSeconds { get; set; }
    public int SubmitBufferSeconds { get; set; }
    public int HorizonDays { get; set; }
    public bool RejectImmediateOutsideHours { get; set; }
    public int MaxQueued { get; set; }
    public int RetentionDays { get; set; }
    public int PushThresholdSeconds { get; set; }
    public int? ImmediateMinEwtSeconds { get; set; }
    public int? ImmediateMaxEwtSeconds { get; set; }

    public List<RequiredSkill> RequiredSkills { get; set; } = [];

    /// <summary>The widget's form as JSON; the stock form's text means "the stock form" (stored as none, so it follows the product's default).</summary>
    public string FormJson { get; set; } = StockFormJson;

    /// <summary>Read-only here (CORS domains has its own page): the sites whose pages may embed this service's widget.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];

    /// <summary>Read-only here (the push page sets it): the widget can offer browser notifications, so the Embed tab shows the service worker.</summary>
    public bool WebPushEnabled { get; set; }

    /// <summary>Read-only here: pausing has its own action with a reason.</summary>
    public bool Paused { get; set; }
    public string? PausedReason { get; set; }

    public static string StockFormJson => WidgetForm.Default().ToJson();

    /// <summary>A new service's form: the domain defaults, Monday to Friday 9 to 5 in UTC, the stock consumer form.</summary>
    public static ServiceForm New() => From(new CallbackService());

    public static ServiceForm From(CallbackService service) => new()
    {
        Version = service.Version,
        Key = service.Key,
        Name = service.Name,
        Priority = service.Priority,
        DefaultCountry = service.DefaultCountry,
        CallerId = service.CallerId,
        Language = service.Language,
        Greeting = service.Greeting,
        Schedule = Copy(service.Schedule),
        Capacity = Copy(service.Capacity),
        DialMode = service.DialMode,
        PreviewEnabled = service.PreviewEnabled,
        PreviewTimeoutSeconds = service.PreviewTimeoutSeconds,
        PreviewMaxRejects = service.PreviewMaxRejects,
        MaxDialAttempts = service.MaxDialAttempts,
        RetryIntervalSeconds = service.RetryIntervalSeconds,
        MachineTreatment = service.MachineTreatment,
        RingTimeoutSeconds = service.RingTimeoutSeconds,
        WrapUpSeconds = service.WrapUpSeconds,
        TimeToLiveSeconds = service.TimeToLiveSeconds,
        SubmitBufferSeconds = service.SubmitBufferSeconds,
        HorizonDays = service.HorizonDays,
        RejectImmediateOutsideHours = service.RejectImmediateOutsideHours,
        MaxQueued = service.MaxQueued,
        RetentionDays = service.RetentionDays,
        PushThresholdSeconds = service.PushThresholdSeconds,
        ImmediateMinEwtSeconds = service.ImmediateMinEwtSeconds,
        ImmediateMaxEwtSeconds = service.ImmediateMaxEwtSeconds,
        RequiredSkills = Copy(service.RequiredSkills),
        FormJson = (service.Form ?? WidgetForm.Default()).ToJson(),
        Paused = service.Paused,
        PausedReason = service.PausedReason,
        AllowedOrigins = [.. service.AllowedOrigins],
        WebPushEnabled = service.Push.WebPushEnabled && service.Push.HasVapidKeys(),
    };

    /// <summary>Writes the form onto <paramref name="service"/> (the key only when it is new); <paramref name="widgetForm"/> is the parsed <see cref="FormJson"/>.</summary>
    public void ApplyTo(CallbackService service, WidgetForm? widgetForm)
    {
        ArgumentNullException.ThrowIfNull(service);
        service.Name = Name.Trim();
        service.Priority = Priority;
        service.DefaultCountry = DefaultCountry.Trim().ToUpperInvariant();
        service.CallerId = CallerId.Trim();
        service.Language = Language.Trim();
        service.Greeting = Greeting.Trim();
        service.Schedule = Copy(Schedule);
        service.Capacity = Copy(Capacity);
        service.DialMode = DialMode;
        service.PreviewEnabled = PreviewEnabled;
        service.PreviewTimeoutSeconds = PreviewTimeoutSeconds;
        service.PreviewMaxRejects = PreviewMaxRejects;
        service.MaxDialAttempts = MaxDialAttempts;
        service.RetryIntervalSeconds = RetryIntervalSeconds;
        service.MachineTreatment = MachineTreatment;
        service.RingTimeoutSeconds = RingTimeoutSeconds;
        service.WrapUpSeconds = WrapUpSeconds;
        service.TimeToLiveSeconds = TimeToLiveSeconds;
        service.SubmitBufferSeconds = SubmitBufferSeconds;
        service.HorizonDays = HorizonDays;
        service.RejectImmediateOutsideHours = RejectImmediateOutsideHours;
        service.MaxQueued = MaxQueued;
        service.RetentionDays = RetentionDays;
        service.PushThresholdSeconds = PushThresholdSeconds;
        service.ImmediateMinEwtSeconds = ImmediateMinEwtSeconds;
        service.ImmediateMaxEwtSeconds = ImmediateMaxEwtSeconds;
        service.RequiredSkills = [.. RequiredSkills.Select(s => new RequiredSkill { Skill = s.Skill.Trim(), MinLevel = s.MinLevel })];
        service.Form = widgetForm is null || widgetForm.ToJson() == StockFormJson ? null : widgetForm;
    }

    public static ServiceSchedule Copy(ServiceSchedule schedule) => new()
    {
        TimeZone = schedule.TimeZone,
        Weekly = [.. (schedule.Weekly ?? []).Select(r => new WeeklyRange(r.Day, r.Start, r.End))],
        ExtraOpenings = [.. (schedule.ExtraOpenings ?? []).Select(r => new DatedRange(r.Date, r.Start, r.End))],
        Holidays = [.. (schedule.Holidays ?? []).Select(h => new Holiday(h.Date, h.Name))],
    };

    public static CapacityPlan Copy(CapacityPlan plan) => new()
    {
        SlotMinutes = plan.SlotMinutes,
        DefaultCapacity = plan.DefaultCapacity,
        WeeklyOverrides = [.. (plan.WeeklyOverrides ?? []).Select(e => new WeeklySlotCapacity(e.Day, e.SlotStart, e.Capacity))],
        DatedExceptions = [.. (plan.DatedExceptions ?? []).Select(e => new DatedSlotCapacity(e.Date, e.SlotStart, e.Capacity))],
    };

    private static List<RequiredSkill> Copy(List<RequiredSkill> skills) => [.. skills.Select(s => new RequiredSkill { Skill = s.Skill, MinLevel = s.MinLevel })];
}
