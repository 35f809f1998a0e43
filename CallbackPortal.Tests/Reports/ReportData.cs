using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Reports;

namespace CallbackPortal.Tests.Reports;

/// <summary>Callbacks with known outcomes and times, written straight to the database for the report tests.</summary>
public static class ReportData
{
    public static readonly DateTimeOffset OldDay = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Today = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <param name="wait">Seconds from the wanted time to the connection, for a connected callback.</param>
    /// <param name="ewt">The wait offered to an immediate callback.</param>
    public static Callback Completed(Guid service, DateTimeOffset created, bool immediate, CompletionReason? reason, double? wait = null, int attempts = 0,
        int ewt = 0, string phone = "+12025550123")
    {
        var desired = immediate ? created : created.AddHours(1);
        var callback = Callback.Start(Guid.NewGuid(), immediate, created, immediate ? created : desired.AddMinutes(-2), Actor.Consumer);
        callback.ServiceId = service;
        callback.PhoneNumber = phone;
        callback.DesiredTime = desired;
        callback.ExpiresAt = desired.AddDays(1);
        callback.EwtAtOffer = immediate ? ewt : null;
        callback.PositionAtOffer = immediate ? 1 : null;
        callback.AttemptCount = attempts;
        if (reason is null)
        {
            return callback;
        }
        if (!immediate)
        {
            callback.Queue(desired.AddMinutes(-2), Actor.Engine);
        }
        if (reason == CompletionReason.AgentConnected)
        {
            var connected = desired.AddSeconds(wait ?? 0);
            callback.Claim(Guid.NewGuid(), connected.AddSeconds(-1), connected.AddMinutes(1), "Ann");
            callback.EwtAtDial = 5;
            callback.PositionAtDial = 1;
            callback.Connect(connected, "connected");
            callback.Complete(CompletionReason.AgentConnected, connected.AddMinutes(3), Actor.Engine);
        }
        else if (reason is CompletionReason.Cancelled or CompletionReason.CancelledByAdmin)
        {
            callback.Cancel(created.AddMinutes(5), reason == CompletionReason.Cancelled ? Actor.Consumer : Actor.Supervisor);
        }
        else
        {
            callback.Complete(reason.Value, created.AddMinutes(30), Actor.Engine);
        }
        return callback;
    }

    public static async Task AddAsync(AppDbContext db, params Callback[] callbacks)
    {
        db.Callbacks.AddRange(callbacks);
        await db.SaveChangesAsync();
    }

    public static RuleRefusalStats Refusals(Guid service, DateTimeOffset hour, string rule, int count) =>
        new() { ServiceId = service, Hour = hour, Rule = rule, Count = count };
}
