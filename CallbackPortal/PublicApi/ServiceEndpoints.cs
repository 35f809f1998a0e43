using System.Globalization;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Engine;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Services;
using CallbackPortal.Widget;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi;

/// <summary>What a consumer's page asks of a service before requesting a callback: status, open slots, the form, a CAPTCHA challenge.</summary>
public static class ServiceEndpoints
{
    public const int MaxSlots = 2000;

    public static RouteGroupBuilder MapServiceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/services/{service}/status", StatusAsync)
            .WithName("ServiceStatus").WithSummary("Open now, current wait, queue, what can be offered, the CAPTCHA to show")
            .Produces<ServiceStatusView>().ProducesProblem(404);
        api.MapGet("/services/{service}/availability", AvailabilityAsync)
            .WithName("ServiceAvailability").WithSummary("Bookable time slots with their free and total capacity")
            .Produces<AvailabilityView>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/services/{service}/form", FormAsync)
            .WithName("ServiceForm").WithSummary("The widget's form definition for this service")
            .Produces<WidgetForm>().ProducesProblem(404);
        api.MapGet("/captcha/challenge", ChallengeAsync)
            .WithName("CaptchaChallenge").WithSummary("A proof-of-work challenge (ALTCHA format) for a service using the built-in CAPTCHA")
            .Produces<AltchaChallenge>().ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> StatusAsync(string service, IDbContextFactory<AppDbContext> dbFactory, WaitTimes waitTimes, TimeProvider clock, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CallbackServices.FindByKeyAsync(service, ct) is not { } found)
        {
            return UnknownService(service);
        }
        var now = clock.GetUtcNow();
        var hours = new OfficeHours(found.Schedule);
        var openFor = hours.OpenFor(now);
        var (queued, ewt) = await waitTimes.ForNewCallbackAsync(db, found, ct);
        var withinEwt = (found.ImmediateMinEwtSeconds is not { } min || ewt >= min)
            && (found.ImmediateMaxEwtSeconds is not { } max || (ewt >= 0 && ewt <= max));
        var offerImmediate = openFor is not null && queued < found.MaxQueued && withinEwt;
        var offerScheduled = hours.OpenIntervals(now, now.AddDays(found.HorizonDays)).Any();
        var captcha = new CaptchaView(found.Captcha.Provider.ToString(), found.Captcha.Provider.IsThirdParty() ? found.Captcha.SiteKey : null);
        return Results.Ok(new ServiceStatusView(found.Key, openFor is not null, (long)(openFor?.TotalSeconds ?? 0), ewt, queued, offerImmediate, offerScheduled, captcha,
            PushViewOf(found.Push)));
    }

    private static PushView PushViewOf(Push.PushSettings push)
    {
        var webPush = push.WebPushEnabled && push.HasVapidKeys();
        return new PushView(webPush, webPush ? push.VapidPublicKey : null, push.FcmEnabled && push.HasFcmCredentials());
    }

    private static async Task<IResult> AvailabilityAsync(string service, string? start, string? end, int? days, string? timezone, int? maxSlots,
        IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CallbackServices.FindByKeyAsync(service, ct) is not { } found)
        {
            return UnknownService(service);
        }
        try
        {
            var now = clock.GetUtcNow();
            var window = AvailabilityWindow.Parse(start, end, days, maxSlots, timezone, found, now);
            var calendar = new SlotCalendar(new OfficeHours(found.Schedule), found.Capacity);
            var desiredTimes = await db.Callbacks.AsNoTracking()
                .Where(c => c.ServiceId == found.Id && !c.IsImmediate && c.State != CallbackState.Completed
                    && c.DesiredTime >= window.From.AddMinutes(-found.Capacity.SlotMinutes * 2) && c.DesiredTime < window.To.AddMinutes(found.Capacity.SlotMinutes * 2))
                .Select(c => c.DesiredTime).ToListAsync(ct);
            var booked = desiredTimes.GroupBy(calendar.SlotStartOf).ToDictionary(g => g.Key, g => g.Count());
            var slots = calendar.Slots(window.From, window.To, s => booked.GetValueOrDefault(s))
                .Take(window.MaxSlots)
                .Select(s => new SlotView(s.UtcStart, Local(s.UtcStart, window.Zone), s.Free, s.Total))
                .ToList();
            return Results.Ok(new AvailabilityView(found.Capacity.SlotMinutes, window.Zone.Id, slots));
        }
        catch (DomainException e)
        {
            return ApiProblems.From(e, service);
        }
    }

    private static async Task<IResult> FormAsync(string service, IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallbackServices.FindByKeyAsync(service, ct) is { } found ? Results.Ok(found.Form ?? WidgetForm.Default()) : UnknownService(service);
    }

    private static async Task<IResult> ChallengeAsync(string? service, IDbContextFactory<AppDbContext> dbFactory, ProofOfWorkChallenges challenges,
        HttpResponse response, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(service))
        {
            return ApiProblems.Problem("validation-failed", "Name the service.", new Dictionary<string, string[]> { ["service"] = ["Required."] });
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CallbackServices.FindByKeyAsync(service, ct) is not { } found)
        {
            return UnknownService(service);
        }
        if (found.Captcha.Provider != CaptchaProvider.ProofOfWork)
        {
            return ApiProblems.Problem("not-found", $"The service '{service}' does not use the built-in proof-of-work CAPTCHA.", service: service);
        }
        response.Headers.CacheControl = "no-store";
        return Results.Ok(await challenges.CreateAsync(found.Key, found.Captcha, ct));
    }

    private static IResult UnknownService(string service) =>
        ApiProblems.Problem("unknown-service", $"There is no callback service '{service}'.", service: service.Length <= 64 ? service : null);

    private static string Local(DateTimeOffset utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
