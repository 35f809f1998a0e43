using System.Globalization;
using System.Text.Json;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CallbackPortal.Rules;

/// <summary>
/// The rules page's logic: the services the actor may edit, a service's rules for editing, saving them (validated by
/// <see cref="ServiceRules.Validate"/>, refused over a newer version, audited before → after), and "test a number"
/// against the saved rules through <see cref="NumberTester"/>. Save returns what to fix by field ("" for the whole form).
/// </summary>
public sealed class RuleConfiguration(IDbContextFactory<AppDbContext> dbFactory, NumberTester tester, AuditLog audit)
{
    public const int MaxServiceThrottles = 10;
    public const int MaxWatermark = Services.CallbackService.MaxQueuedLimit;

    // The few regions libphonenumber dials that .NET's region data does not name.
    /// <summary>Every region libphonenumber knows, by name.</summary>
    public static IReadOnlyList<CountryChoice> Countries { get; } =
        [.. ServiceChoices.Countries.Select(c => new CountryChoice(c.Value, ServiceChoices.CountryName(c.Value))).OrderBy(c => c.Name, StringComparer.InvariantCulture)];

    public Task<IReadOnlyList<ServiceChoice>> ServicesAsync(PortalActor actor, CancellationToken ct) => dbFactory.ServiceChoicesAsync(actor, ct);

    /// <summary>The service's rules for editing, or null when there is no such service the actor may see.</summary>
    public async Task<RulesForm?> LoadAsync(PortalActor actor, Guid serviceId, CancellationToken ct)
    {
        if (!actor.Scope.Includes(serviceId))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId, ct);
        return service is null ? null : new RulesForm
        {
            ServiceId = service.Id,
            ServiceKey = service.Key,
            ServiceName = service.Name,
            DefaultCountry = service.DefaultCountry,
            Version = service.Version,
            Rules = Copy(service.Rules),
            KeyedThrottleOn = service.Rules.KeyedThrottle is not null,
            Keyed = Copy(service.Rules).KeyedThrottle ?? new RulesForm().Keyed,
            MaxQueued = service.MaxQueued,
        };
    }

    public async Task<IReadOnlyDictionary<string, string[]>> SaveAsync(PortalActor actor, RulesForm form, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Rules.Manage);
        if (!actor.Scope.Includes(form.ServiceId))
        {
            return Refusal(ServiceEdits.NotAllowed);
        }
        var rules = Cleaned(form);
        var errors = Problems(rules, form.MaxQueued);
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.CallbackServices.SingleOrDefaultAsync(s => s.Id == form.ServiceId, ct);
        if (service is null)
        {
            return Refusal(ServiceEdits.NoLongerExists);
        }
        var before = Snapshot(service.Rules, service.MaxQueued);
        service.Rules = rules;
        service.MaxQueued = form.MaxQueued;
        audit.Record(db, actor, AuditAreas.Rules, AuditActions.Updated, service.Key, before, Snapshot(rules, form.MaxQueued), service.Id);
        return await ServiceEdits.TrySaveAsync(db, service, form.Version, ct) ? new Dictionary<string, string[]>() : Refusal(ServiceEdits.ChangedMeanwhile);
    }

    /// <summary>The verdict an ASAP request from <paramref name="number"/> would get now under the service's saved rules; stores nothing.</summary>
    public async Task<NumberTestResult> TestAsync(PortalActor actor, Guid serviceId, string? number, CancellationToken ct)
    {
        actor.RequirePermission(Access.Permissions.Rules.Manage);
        if (!actor.Scope.Includes(serviceId))
        {
            return new(null, "You are not allowed to test numbers on this service.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.CallbackServices.AsNoTracking().Where(s => s.Id == serviceId).Select(s => s.Key).SingleOrDefaultAsync(ct);
        if (key is null)
        {
            return new(null, ServiceEdits.NoLongerExists);
        }
        try
        {
            return new(await tester.TestAsync(key, number, ct), null);
        }
        catch (DomainException e)
        {
            return new(null, e.Message);
        }
    }

    /// <summary>Why one blocked pattern would be refused (a regular expression that does not compile, say), or null; for the field itself.</summary>
    public static string? PatternProblem(BlockedPattern pattern)
    {
        var errors = new ServiceRules { BlockedPatterns = [pattern] }.Validate();
        return errors.Where(e => e.Key.StartsWith("blockedPatterns[0]", StringComparison.Ordinal)).SelectMany(e => e.Value).FirstOrDefault();
    }

    private static ServiceRules Cleaned(RulesForm form)
    {
        var rules = Copy(form.Rules);
        rules.PermittedCountries = [.. rules.PermittedCountries.Select(c => (c ?? "").Trim().ToUpperInvariant()).Distinct()];
        rules.AllowedNumberTypes = [.. rules.AllowedNumberTypes.Distinct().Order()];
        foreach (var pattern in rules.BlockedPatterns.OfType<BlockedPattern>())
        {
            pattern.Pattern = pattern.Kind == PatternKind.Regex ? pattern.Pattern ?? "" : (pattern.Pattern ?? "").Trim();
            pattern.Note = string.IsNullOrWhiteSpace(pattern.Note) ? null : pattern.Note.Trim();
        }
        rules.KeyedThrottle = form.KeyedThrottleOn
            ? new KeyedThrottle { Source = form.Keyed.Source, Name = (form.Keyed.Name ?? "").Trim(), Limit = form.Keyed.Limit, WindowSeconds = form.Keyed.WindowSeconds }
            : null;
        return rules;
    }

    private static Dictionary<string, string[]> Problems(ServiceRules rules, int maxQueued)
    {
        var errors = rules.Validate().ToDictionary(e => e.Key, e => e.Value.ToList());
        void Add(string key, string message) => (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(message);
        if (rules.ServiceThrottles.Count > MaxServiceThrottles)
        {
            Add("serviceThrottles", $"At most {MaxServiceThrottles} service throttles.");
        }
        for (var i = 0; i < rules.ServiceThrottles.Count; i++)
        {
            if (rules.ServiceThrottles.Take(i).Any(t => t.WindowSeconds == rules.ServiceThrottles[i].WindowSeconds))
            {
                Add(string.Create(CultureInfo.InvariantCulture, $"serviceThrottles[{i}].windowSeconds"), "Another service throttle has the same window; keep one limit per window.");
            }
        }
        if (maxQueued is < 0 or > MaxWatermark)
        {
            Add("maxQueued", string.Create(CultureInfo.InvariantCulture, $"The watermark must be between 0 (scheduled callbacks only) and {MaxWatermark:N0}."));
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static object Snapshot(ServiceRules rules, int maxQueued) => new
    {
        rules.PermittedCountries,
        rules.AllowedNumberTypes,
        rules.BlockedPatterns,
        rules.NumberThrottle,
        rules.ServiceThrottles,
        rules.KeyedThrottle,
        rules.DuplicateCheck,
        Watermark = maxQueued,
    };

    private static ServiceRules Copy(ServiceRules rules) =>
        JsonSerializer.Deserialize<ServiceRules>(JsonSerializer.Serialize(rules, JsonSerializerOptions.Web), JsonSerializerOptions.Web) ?? new ServiceRules();

    private static Dictionary<string, string[]> Refusal(string message) => new() { [""] = [message] };
}
