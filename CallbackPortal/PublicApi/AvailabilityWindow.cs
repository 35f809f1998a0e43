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
        var zone = ZoneOf(timezone ?? service.Schedule.TimeZone);
        if (zone is null)
        {
            errors["timezone"] = ["Use an IANA time zone such as America/New_York."];
        }
        var horizonEnd = now.AddDays(service.HorizonDays);
        var rangeStart = from is { } f && f > now ? f : now;
        var rangeEnd = to ?? rangeStart.AddDays(days ?? DefaultDays);
        if (rangeEnd > horizonEnd)
        {
            rangeEnd = horizonEnd;
        }
        if (errors.Count == 0 && to is not null && to <= (from ?? now))
        {
            errors["end"] = ["The end must be after the start (and after now)."];
        }
        if (errors.Count == 0 && from is { } s && s > horizonEnd)
        {
            throw new DomainException("outside-horizon", $"Callbacks can be scheduled at most {service.HorizonDays} days ahead.") { Rule = "horizon" };
        }
        if (errors.Count > 0)
        {
            throw new DomainException("validation-failed", "The availability request is not valid.", errors);
        }
        return new AvailabilityWindow(rangeStart, rangeEnd, zone!, maxSlots ?? DefaultMaxSlots);
    }

    private static TimeZoneInfo? ZoneOf(string id)
    {
        if (id.Length is 0 or > 64)
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
