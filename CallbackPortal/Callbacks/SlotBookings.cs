using CallbackPortal.Data;
using CallbackPortal.Services;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Callbacks;

/// <summary>Judges a desired time against a service's slots: the calendar's verdict with the bookings the slot already holds.</summary>
public static class SlotBookings
{
    /// <param name="except">A callback being moved, which does not count against its own new slot.</param>
    public static SlotVerdict Check(AppDbContext db, CallbackService service, OfficeHours hours, DateTimeOffset desired, DateTimeOffset now, Guid? except)
    {
        // Far outside the horizon the slot grid is not even computed (a year-9999 time would overflow it).
        if (desired < now)
        {
            return new SlotVerdict(SlotOutcome.InPast, desired, "The desired time has passed.");
        }
        if (desired > now.AddDays(service.HorizonDays))
        {
            return new SlotVerdict(SlotOutcome.OutsideHorizon, desired, $"The desired time is more than {service.HorizonDays} days ahead.");
        }
        var calendar = new SlotCalendar(hours, service.Capacity);
        var slotStart = calendar.SlotStartOf(desired);
        var slotEnd = slotStart.AddMinutes(service.Capacity.SlotMinutes);
        var booked = db.Callbacks.Count(c => c.ServiceId == service.Id && c.Id != except && !c.IsImmediate
            && c.DesiredTime >= slotStart && c.DesiredTime < slotEnd && c.State != CallbackState.Completed);
        return calendar.Check(desired, now, service.HorizonDays, booked);
    }
}
