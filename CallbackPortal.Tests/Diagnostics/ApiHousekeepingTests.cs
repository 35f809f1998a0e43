using CallbackPortal.Diagnostics;
using CallbackPortal.PublicApi;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.Diagnostics;

/// <summary>What the API keeps for a while stays bounded: the error log and CORS rejections by age and by count, idempotency keys by age.</summary>
public sealed class ApiHousekeepingTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task EntriesPastTheRetentionGoAndTheNewestAreKeptUpToTheCap()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using (var db = database.CreateDbContext())
        {
            // Written as they happen: oldest first.
            db.ApiErrors.Add(new ApiErrorEntry { At = clock.GetUtcNow().AddDays(-31), Method = "GET", Path = "/old", Status = 404, Code = "ancient" });
            db.ApiErrors.AddRange(Enumerable.Range(0, 1_500).Reverse().Select(i => new ApiErrorEntry
            {
                At = clock.GetUtcNow().AddMinutes(-i), Method = "POST", Path = "/api/v1/services/s/callbacks", Status = 429, Code = $"code-{i}",
            }));
            db.CorsRejections.Add(new CorsRejection { At = clock.GetUtcNow().AddDays(-31), Origin = "https://old.example.com", Method = "GET", Path = "/old" });
            db.CorsRejections.Add(new CorsRejection { At = clock.GetUtcNow(), Origin = "https://new.example.com", Method = "GET", Path = "/new" });
            await db.SaveChangesAsync();
        }
        var housekeeping = new DiagnosticsHousekeeping(database, clock, Options.Create(new DiagnosticsOptions { RetentionDays = 30, MaxRows = 1_000 }));

        var removed = await housekeeping.TrimAsync(CancellationToken.None);

        await using var check = database.CreateDbContext();
        Assert.Equal(502, removed);
        Assert.Equal(1_000, await check.ApiErrors.CountAsync());
        Assert.False(await check.ApiErrors.AnyAsync(e => e.Code == "ancient"));
        // The newest thousand (code-0 … code-999) stay; the older ones beyond the cap went.
        Assert.True(await check.ApiErrors.AnyAsync(e => e.Code == "code-0"));
        Assert.False(await check.ApiErrors.AnyAsync(e => e.Code == "code-1000"));
        Assert.Equal(["https://new.example.com"], await check.CorsRejections.Select(r => r.Origin).ToListAsync());
    }

    [Fact]
    public async Task ARetryThatTakesOverAStuckKeyOwnsItAndTheSlowFirstRequestCanNeitherCompleteNorReleaseIt()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var store = new IdempotencyStore(database, clock, DataProtectionProvider.Create("tests"));
        var hash = new string('a', 64);
        var first = Assert.IsType<IdempotencyStart.Proceed>(await store.BeginAsync("svc:k", hash, CancellationToken.None)).Claim;
        clock.Advance(IdempotencyStore.InFlightLease + TimeSpan.FromSeconds(1));
        var retry = Assert.IsType<IdempotencyStart.Proceed>(await store.BeginAsync("svc:k", hash, CancellationToken.None)).Claim;

        await using (var db = database.CreateDbContext())
        {
            var late = Assert.Throws<CallbackPortal.Callbacks.DomainException>(() => store.Complete(db, first, 201, "/a", "{}"));
            Assert.Equal("idempotency-in-flight", late.Code);
        }
        await store.ReleaseAsync(first, CancellationToken.None);
        await using (var db = database.CreateDbContext())
        {
            store.Complete(db, retry, 201, "/b", """{"id":"b"}""");
        }
        var replay = Assert.IsType<IdempotencyStart.Replay>(await store.BeginAsync("svc:k", hash, CancellationToken.None));

        Assert.Equal(("/b", """{"id":"b"}"""), (replay.Location, replay.Body));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa::1", "20010db800010002/64")]
    [InlineData("2001:db8:1:2:bbbb::9", "20010db800010002/64")]
    public void ClientsAreRateLimitedByAddressOrByTheirIpv6Slash64(string address, string partition) =>
        Assert.Equal(partition, ClientAddress.PartitionOf(System.Net.IPAddress.Parse(address)));

    [Fact]
    public async Task IdempotencyKeysAreKeptForADay()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var store = new IdempotencyStore(database, clock, DataProtectionProvider.Create("tests"));
        await store.BeginAsync("svc:old", new string('a', 64), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(23));
        await store.BeginAsync("svc:new", new string('b', 64), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));

        var removed = await store.PurgeAsync(CancellationToken.None);

        await using var check = database.CreateDbContext();
        Assert.Equal(1, removed);
        Assert.Equal(["svc:new"], await check.IdempotencyRecords.Select(r => r.Key).ToListAsync());
    }
}
