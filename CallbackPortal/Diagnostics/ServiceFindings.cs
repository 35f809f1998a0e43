using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;

namespace CallbackPortal.Diagnostics;

public enum FindingSeverity
{
    /// <summary>Callbacks of the service cannot be taken or connected.</summary>
    Error,
    /// <summary>Part of the service does not work (scheduling, notifications).</summary>
    Warning,
    /// <summary>Worth knowing; may well be intended.</summary>
    Info,
}

/// <summary>One thing wrong (or worth knowing), and where it is fixed.</summary>
public sealed record Finding(FindingSeverity Severity, string Message, string? FixHref, string FixLabel);

/// <summary>The configuration checks of one service, each a pure look at its settings and the agents.</summary>
public static class ServiceFindings
{
    public static readonly TimeSpan LookAhead = TimeSpan.FromDays(7);

    public static IEnumerable<Finding> For(CallbackService service, IReadOnlyList<Agent> agents, SecretProtector secrets, DateTimeOffset now)
    {
        var edit = $"/configuration/services/{service.Id}";
        if (!agents.Any(a => a.HasSkills(service.Requirements)))
        {
            var skills = string.Join(", ", service.RequiredSkills.Select(s => $"{s.Skill} ≥ {s.MinLevel}"));
            yield return new(FindingSeverity.Error, skills.Length == 0
                ? "There are no agents, so nobody can take this service's callbacks."
                : $"No agent holds the required skills ({skills}), so nobody can take this service's callbacks.", "/configuration/agents", "Agents");
        }
        foreach (var finding in Schedule(service, now, edit))
        {
            yield return finding;
        }
        var captcha = service.Captcha;
        if (captcha.Provider.IsThirdParty() && (string.IsNullOrWhiteSpace(captcha.SiteKey) || secrets.Unprotect(captcha.SecretProtected) is null))
        {
            var missing = string.IsNullOrWhiteSpace(captcha.SiteKey) ? "site key" : captcha.SecretProtected is null ? "secret key" : "secret key (the stored one cannot be read)";
            yield return new(FindingSeverity.Error, $"CAPTCHA {captcha.Provider} has no {missing}: every consumer request is refused.", $"/integration/captcha?service={Uri.EscapeDataString(service.Key)}", "CAPTCHA");
        }
        var push = service.Push;
        if (push.WebPushEnabled && (!push.HasVapidKeys() || secrets.Unprotect(push.VapidPrivateKeyProtected) is null))
        {
            yield return new(FindingSeverity.Warning, "Web Push is on but its VAPID keys are missing or unreadable: no browser notification can be sent.", $"/integration/push?service={Uri.EscapeDataString(service.Key)}", "Push notifications");
        }
        if (push.FcmEnabled && (!push.HasFcmCredentials() || secrets.Unprotect(push.FcmPrivateKeyProtected) is null))
        {
            yield return new(FindingSeverity.Warning, "FCM is on but its service account is missing or unreadable: no app notification can be sent.", $"/integration/push?service={Uri.EscapeDataString(service.Key)}", "Push notifications");
        }
        if (service.AllowedOrigins.Count == 0)
        {
            yield return new(FindingSeverity.Info, "No web origins are allowed: browsers on other sites cannot call this service (server-to-server calls still can).", $"/integration/cors?service={Uri.EscapeDataString(service.Key)}", "CORS domains");
        }
        if (service.Paused)
        {
            yield return new(FindingSeverity.Info, $"Paused{(string.IsNullOrWhiteSpace(service.PausedReason) ? "" : $" ({service.PausedReason})")}: its callbacks wait until it is resumed.",
                "/configuration/services", "Services");
        }
    }

    private static IEnumerable<Finding> Schedule(CallbackService service, DateTimeOffset now, string edit)
    {
        OfficeHours hours;
        SlotCalendar calendar;
        try
        {
            hours = new OfficeHours(service.Schedule);
            calendar = new SlotCalendar(hours, service.Capacity);
        }
        catch (ArgumentException e)
        {
            return [new(FindingSeverity.Error, $"The schedule cannot be used: {e.Message}", edit, "Edit the service")];
        }
        if (!hours.OpenIntervals(now, now + LookAhead).Any())
        {
            return [new(FindingSeverity.Error, "No office hours in the next 7 days: nothing can be booked and immediate callbacks are refused.", edit, "Office hours")];
        }
        var slots = calendar.Slots(now, now + LookAhead, _ => 0).ToList();
        return slots.Count > 0 && slots.All(s => s.Total == 0)
            ? [new(FindingSeverity.Warning, "Every slot of the next 7 days has capacity 0: no callback can be scheduled for later.", edit, "Capacity")]
            : [];
    }
}
