using CallbackPortal.ClickToCall;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Engine;

/// <summary>The nightly purge deletes click-to-call reservations matched or expired longer ago than their target service's retention, in batches, and only those.</summary>
public sealed class ClickToCallPurgeTests
{
    [Fact]
    public async Task OldMatchedAndExpiredReservationsGoAndRecentAndLiveOnesStay()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var month = await engine.AddServiceAsync(s => s.RetentionDays = 30);
        var week = await engine.AddServiceAsync(s => (s.Key, s.RetentionDays) = ("sales", 7));
        var now = engine.Clock.GetUtcNow();
        var monthly = Group("app-support", month.Id);
        var weekly = Group("app-sales", week.Id);
        await using (var db = engine.Database.CreateDbContext())
        {
            db.ClickToCallGroups.AddRange(monthly, weekly);
            // More old reservations than one purge batch (500), so the purge has to come back for the rest.
            db.ClickToCallReservations.AddRange(Enumerable.Range(0, 1_100).Select(i => Reservation(monthly, $"old-{i}", now.AddDays(-40).AddSeconds(i))));
            db.ClickToCallReservations.AddRange(
                Reservation(monthly, "old-matched", now.AddDays(-31), matchedAfter: TimeSpan.FromMinutes(1)),
                Reservation(monthly, "recent-matched", now.AddDays(-29), matchedAfter: TimeSpan.FromMinutes(1)),
                Reservation(monthly, "recent-expired", now.AddDays(-29)),
                Reservation(monthly, "live", now.AddMinutes(-1)),
                Reservation(weekly, "week-old-expired", now.AddDays(-8)),
                Reservation(weekly, "week-old-matched", now.AddDays(-8), matchedAfter: TimeSpan.FromSeconds(30)),
                Reservation(weekly, "week-recent", now.AddDays(-6)));
            await db.SaveChangesAsync();
        }

        await engine.Purge.PurgeAsync(CancellationToken.None);

        await using var check = engine.Database.CreateDbContext();
        Assert.Equal(["live", "recent-expired", "recent-matched", "week-recent"],
            (await check.ClickToCallReservations.Select(r => r.UserData).ToListAsync()).Select(d => d["tag"]).Order());
        Assert.Equal(2, await check.ClickToCallGroups.CountAsync());
        Assert.Equal(0, await engine.Purge.PurgeClickToCallAsync(CancellationToken.None));
    }

    private static ClickToCallGroup Group(string key, Guid serviceId) =>
        new() { Id = Guid.NewGuid(), Key = key, Name = key, Numbers = ["+12025550100"], TargetServiceId = serviceId };

    /// <summary>A reservation made at <paramref name="createdAt"/> for five minutes, matched <paramref name="matchedAfter"/> later if given.</summary>
    private static ClickToCallReservation Reservation(ClickToCallGroup group, string tag, DateTimeOffset createdAt, TimeSpan? matchedAfter = null) => new()
    {
        Id = Guid.NewGuid(),
        GroupId = group.Id,
        ToPhoneNumber = group.Numbers[0],
        FromPhoneNumber = "+12025550123",
        UserData = new() { ["tag"] = tag },
        CreatedAt = createdAt,
        ExpiresAt = createdAt.AddMinutes(5),
        MatchedAt = createdAt + matchedAfter,
        MatchedBy = matchedAfter is null ? null : MatchedBy.Number,
    };
}
