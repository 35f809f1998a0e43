using CallbackPortal.Audit;
using CallbackPortal.ClickToCall;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>Deleting a group: refused while a reservation is live, then done with its past reservations, version-checked and audited.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallDeleteTests(SharedPortal portal)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    private IDbContextFactory<AppDbContext> DbFactory => portal.Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    private WriteGate Gate => portal.Host.Services.GetRequiredService<WriteGate>();

    private ClickToCallReservations Reservations => new(DbFactory, clock, Gate);

    private ClickToCallGroups Groups => new(DbFactory, portal.Host.Services.GetRequiredService<AuditLog>(), clock, Gate);

    [Fact]
    public async Task AGroupWithALiveReservationIsKeptAndAfterItsExpiryGoesWithItsReservations()
    {
        var (group, service) = await ClickToCallFixture.GroupAsync(portal.Host, 2, f => f.ReservationSeconds = 60);
        var (other, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var matched = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        await Reservations.MatchAsync(matched.ToPhoneNumber, null, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        var live = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        var kept = await Reservations.ReserveAsync(new ReservationRequest(other.Key), CancellationToken.None);

        var refused = await Groups.DeleteAsync(ClickToCallFixture.Admin, group.Id, group.Version, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(60));
        var stale = await Groups.DeleteAsync(ClickToCallFixture.Admin, group.Id, group.Version - 1, CancellationToken.None);
        var deleted = await Groups.DeleteAsync(ClickToCallFixture.Admin, group.Id, group.Version, CancellationToken.None);
        var again = await Groups.DeleteAsync(ClickToCallFixture.Admin, group.Id, group.Version, CancellationToken.None);

        Assert.StartsWith($"A reservation of '{group.Key}' is live until {live.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.", refused);
        Assert.Contains("Switch off 'Takes requests' first", refused);
        Assert.Contains("changed this group meanwhile", stale);
        Assert.Null(deleted);
        Assert.Equal("This group no longer exists.", again);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.False(await db.ClickToCallGroups.AnyAsync(g => g.Id == group.Id));
        Assert.False(await db.ClickToCallReservations.AnyAsync(r => r.GroupId == group.Id));
        Assert.True(await db.ClickToCallReservations.AnyAsync(r => r.Id == kept.Id));
        var audit = await db.AuditEntries.Where(e => e.Area == AuditAreas.ClickToCall && e.Target == group.Key).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditActions.Created, AuditActions.Deleted], audit.Select(e => e.Action));
        Assert.Equal(service.Id, audit[1].ServiceId);
        Assert.Contains(group.Numbers[0], audit[1].Changes);
    }

    [Fact]
    public async Task ALimitedUserIsRefusedDeletingAnotherServicesGroup()
    {
        var (mine, myService) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var (theirs, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var limited = LimitedUser.Actor(myService.Id);

        var refused = await Groups.DeleteAsync(limited, theirs.Id, theirs.Version, CancellationToken.None);
        var deleted = await Groups.DeleteAsync(limited, mine.Id, mine.Version, CancellationToken.None);

        Assert.Equal(ClickToCallGroups.NotAllowed, refused);
        Assert.Null(deleted);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal([theirs.Id], await db.ClickToCallGroups.Where(g => g.Id == mine.Id || g.Id == theirs.Id).Select(g => g.Id).ToListAsync());
    }
}
