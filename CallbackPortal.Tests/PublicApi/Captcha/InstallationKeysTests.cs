using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CallbackPortal.Tests.PublicApi.Captcha;

public sealed class InstallationKeysTests : IAsyncLifetime
{
    private const string Name = "test-key";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
    private readonly string keyFolder = TempFiles.NewFolder();
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(withDefaultGrants: false);

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>A fresh instance, as another process of the installation would have (same database, same key ring).</summary>
    private InstallationKeys NewInstance(string? folder = null) =>
        new(database, KeyRing(folder ?? keyFolder), new FakeTimeProvider(Now));

    private static IDataProtectionProvider KeyRing(string folder) =>
        DataProtectionProvider.Create(new DirectoryInfo(folder), b => b.SetApplicationName("CallbackPortal"));

    private async Task<List<Data.SystemFlag>> StoredAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.SystemFlags.Where(f => f.Key.StartsWith("key:")).ToListAsync();
    }

    [Fact]
    public async Task AKeyIsThirtyTwoRandomBytesAndStaysTheSameAcrossInstances()
    {
        var first = await NewInstance().GetAsync(Name, CancellationToken.None);
        var again = await NewInstance().GetAsync(Name, CancellationToken.None);

        Assert.Equal(InstallationKeys.KeyBytes, first.Length);
        Assert.Equal(first, again);
        Assert.Contains(first, b => b != 0);
    }

    [Fact]
    public async Task EachNameHasItsOwnKey()
    {
        var keys = NewInstance();

        var pow = await keys.GetAsync("captcha-pow", CancellationToken.None);
        var addresses = await keys.GetAsync("client-address", CancellationToken.None);

        Assert.NotEqual(pow, addresses);
        Assert.Equal(["key:captcha-pow", "key:client-address"], (await StoredAsync()).Select(f => f.Key).Order());
    }

    [Fact]
    public async Task ConcurrentFirstUseByManyInstancesEndsWithOneKey()
    {
        var instances = Enumerable.Range(0, 8).Select(_ => NewInstance()).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var gets = instances.Select(async keys =>
        {
            await start.Task;
            return await keys.GetAsync(Name, CancellationToken.None);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(gets);

        Assert.All(results, key => Assert.Equal(results[0], key));
        Assert.Single(await StoredAsync());
        Assert.Equal(results[0], await NewInstance().GetAsync(Name, CancellationToken.None));
    }

    [Fact]
    public async Task TheStoredValueIsProtectedNotTheRawKey()
    {
        var key = await NewInstance().GetAsync(Name, CancellationToken.None);

        var stored = Assert.Single(await StoredAsync());
        Assert.Equal($"key:{Name}", stored.Key);
        Assert.Equal(Now, stored.SetAt);
        Assert.DoesNotContain(Convert.ToBase64String(key), stored.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(key), stored.Value, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(key, Convert.FromBase64String(stored.Value));
        var unprotected = KeyRing(keyFolder).CreateProtector(InstallationKeys.Purpose).Unprotect(Convert.FromBase64String(stored.Value));
        Assert.Equal(key, unprotected);
    }

    [Fact]
    public async Task AKeyThatCannotBeReadIsReportedNotReplaced()
    {
        await NewInstance().GetAsync(Name, CancellationToken.None);
        var before = Assert.Single(await StoredAsync()).Value;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewInstance(TempFiles.NewFolder()).GetAsync(Name, CancellationToken.None));

        Assert.Contains($"key:{Name}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Assert.Single(await StoredAsync()).Value);
    }
}
