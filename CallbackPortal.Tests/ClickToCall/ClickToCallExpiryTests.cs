using CallbackPortal.Callbacks;
using CallbackPortal.ClickToCall;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>Expiry on a fake clock: an expired reservation frees its number and no longer matches.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallExpiryTests(SharedPortal portal)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    private ClickToCallReservations Reservations => new(portal.Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock,
        portal.Host.Services.GetRequiredService<WriteGate>());

    [Fact]
    public async Task AnExpiredReservationFreesItsNumberAndTheRefusalSaysWhen()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1, f => f.ReservationSeconds = 60);
        var first = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(20));

        var exhausted = await Assert.ThrowsAsync<DomainException>(() => Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(40));
        var second = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);

        Assert.Equal("pool-exhausted", exhausted.Code);
        // Stored times keep about a millisecond of precision.
        Assert.InRange(exhausted.RetryAfter!.Value.TotalSeconds, 39.99, 40);
        Assert.Equal(first.ToPhoneNumber, second.ToPhoneNumber);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task AnExpiredReservationDoesNotMatch()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1, f => { f.ReservationSeconds = 30; f.AccessCodeDigits = 5; });
        var caller = ClickToCallFixture.Numbers(1)[0];
        var reservation = await Reservations.ReserveAsync(new ReservationRequest(group.Key, caller), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));

        var byNumber = await Assert.ThrowsAsync<DomainException>(() => Reservations.MatchAsync(reservation.ToPhoneNumber, caller, null, CancellationToken.None));
        var byCode = await Assert.ThrowsAsync<DomainException>(() => Reservations.MatchAsync(null, null, reservation.AccessCode, CancellationToken.None));

        Assert.Equal("no-match", byNumber.Code);
        Assert.Equal("no-match", byCode.Code);
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Null((await db.ClickToCallReservations.SingleAsync(r => r.Id == reservation.Id)).MatchedAt);
    }

    [Fact]
    public async Task TheRecordsListShowsRequestedMatchedAndExpiredReservations()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 3, f => f.ReservationSeconds = 60);
        var expired = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(61));
        var matched = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        await Reservations.MatchAsync(matched.ToPhoneNumber, null, null, CancellationToken.None);
        var requested = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        var records = new ClickToCallRecords(portal.Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock);

        var all = await records.ListAsync(ClickToCallFixture.Admin, group.Id, null, CancellationToken.None);
        var onlyExpired = await records.ListAsync(ClickToCallFixture.Admin, group.Id, ReservationStatus.Expired, CancellationToken.None);

        Assert.Equal([(requested.Id, ReservationStatus.Requested), (matched.Id, ReservationStatus.Matched), (expired.Id, ReservationStatus.Expired)],
            all.Select(r => (r.Id, r.Status)));
        Assert.Equal(group.Key, all[0].Group);
        Assert.Equal(MatchedBy.Number, all[1].MatchedBy);
        Assert.Equal([expired.Id], onlyExpired.Select(r => r.Id));
    }

    [Fact]
    public async Task EachGroupHoldsAsManyNumbersAsItHasLiveReservations()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 3, f => f.ReservationSeconds = 60);
        var (idle, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var records = new ClickToCallRecords(portal.Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock);
        await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        var matched = await Reservations.ReserveAsync(new ReservationRequest(group.Key), CancellationToken.None);
        await Reservations.MatchAsync(matched.ToPhoneNumber, null, null, CancellationToken.None);

        var two = await records.HeldNowAsync(ClickToCallFixture.Admin, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        var one = await records.HeldNowAsync(ClickToCallFixture.Admin, CancellationToken.None);

        Assert.Equal(2, two[group.Id]);
        Assert.Equal(1, one[group.Id]);
        Assert.False(two.ContainsKey(idle.Id));
    }
}
