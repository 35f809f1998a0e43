using CallbackPortal.Callbacks;
using CallbackPortal.Services;

namespace CallbackPortal.PublicApi;

/// <summary>The time range, zone and size an availability request asks for, checked against the service's horizon.</summary>
public sealed record AvailabilityWindow(DateTimeOffset From, DateTimeOffset To, TimeZoneInfo Zone, int MaxSlots)
{
    public const int DefaultDays = 7;
    public const int DefaultMaxSlots = 500;

    public static AvailabilityWindow Parse(string? start, string? end, int? days, int? maxSlots, string? timezone, CallbackService service, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? from = null, to = null;
        try
        {
            from = ApiTime.Parse(start, "start");
            to = ApiTime.Parse(end, "end");
        }
        catch (DomainException e) when (e.Errors is not null)
        {
            foreach (var (field, messages) in e.Errors)
            {
                errors[field] = messages;
            }
        }
        if (days is < 1 || days > service.HorizonDays)
        {
            errors["days"] = [$"Between 1 and {service.HorizonDays} (the service's horizon)."];
        }
        if (days is not null && end is not null)
        {
            errors["days"] = ["Give either end or days, not both."];
        }
        if (maxSlots is < 1 or > ServiceEndpoints.MaxSlots)
        {
            errors["maxSlots"] = [$"Between 1 and {ServiceEndpoints.MaxSlots}."];
        }
        var zone = OfficeHours.FindZone(timezone ?? service.Schedule.TimeZone);
        if (zone is null)
        {
            errors["timezone"] = ["Use an IANA time zone such as America/New_York."];
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "The availability request is not valid.", errors);
        }
        if (to is not null && to <= (from ?? now))
        {
            throw new DomainException("validation-failed", "The availability request is not valid.",
                new Dictionary<string, string[]> { ["end"] = ["The end must be after the start (and after now)."] });
        }
        var horizonEnd = now.AddDays(service.HorizonDays);
        if (from is { } s && s > horizonEnd)
        {
            throw new DomainException("outside-horizon", $"Callbacks can be scheduled at most {service.HorizonDays} days ahead.") { Rule = "horizon" };
        }
        var rangeStart = from is { } f && f > now ? f : now;
        // days is within the horizon here, and rangeStart is before the horizon's end: no overflow.
        var rangeEnd = to ?? rangeStart.AddDays(days ?? DefaultDays);
        if (rangeEnd > horizonEnd)
        {
            rangeEnd = horizonEnd;
        }
        return new AvailabilityWindow(rangeStart, rangeEnd, zone!, maxSlots ?? DefaultMaxSlots);
    }
}
