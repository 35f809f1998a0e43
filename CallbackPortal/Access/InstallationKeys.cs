using System.Collections.Concurrent;
using System.Security.Cryptography;
using CallbackPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>
/// Secret keys that belong to this installation (the proof-of-work signing key, the key that hashes client
/// addresses): 32 random bytes made at first use and then the same for every process sharing the database.
/// Each is stored in <see cref="AppDbContext.SystemFlags"/> under <c>key:{name}</c>, protected by Data Protection,
/// and kept in memory once read.
/// </summary>
public sealed class InstallationKeys(IDbContextFactory<AppDbContext> dbFactory, IDataProtectionProvider dataProtection, TimeProvider clock) : IDisposable
{
    public const string Purpose = "CallbackPortal.InstallationKeys.v1";
    public const int KeyBytes = 32;
    private const string FlagPrefix = "key:";
    private const int MaxNameLength = 100;
    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);
    private readonly ConcurrentDictionary<string, byte[]> cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim creating = new(1, 1);

    /// <summary>The key of that name (a copy: the caller may do what it likes with it).</summary>
    public async Task<byte[]> GetAsync(string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, MaxNameLength, nameof(name));
        if (!cache.TryGetValue(name, out var key))
        {
            key = cache.GetOrAdd(name, await ReadAsync(name, ct) ?? await CreateOnceAsync(name, ct));
        }
        return [.. key];
    }

    private async Task<byte[]?> ReadAsync(string name, CancellationToken ct)
    {
        var flag = FlagKey(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.SystemFlags.AsNoTracking().Where(f => f.Key == flag).Select(f => f.Value).FirstOrDefaultAsync(ct);
        return stored is null ? null : Unprotect(name, stored);
    }

    /// <summary>
    /// The first uses of a new installation come in bursts (every refused API request hashes its client address):
    /// this process inserts the key once, the others wait and read it, instead of losing the insert race, which EF
    /// Core logs as an error although it is handled below.
    /// </summary>
    private async Task<byte[]> CreateOnceAsync(string name, CancellationToken ct)
    {
        await creating.WaitAsync(ct);
        try
        {
            return cache.TryGetValue(name, out var made) ? made : await ReadAsync(name, ct) ?? await CreateAsync(name, ct);
        }
        finally
        {
            creating.Release();
        }
    }

    /// <summary>
    /// Inserts a new key; when another thread or process inserted one first, the primary key refuses ours and the
    /// winner's is read back, so everybody ends up with the same key.
    /// </summary>
    private async Task<byte[]> CreateAsync(string name, CancellationToken ct)
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.SystemFlags.Add(new SystemFlag
            {
                Key = FlagKey(name),
                Value = Convert.ToBase64String(protector.Protect(key)),
                SetAt = clock.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(ct);
                return key;
            }
            catch (DbUpdateException)
            {
                // Lost the race (or the write failed): the stored key, if there is one, is the one to use.
            }
        }
        return await ReadAsync(name, ct)
            ?? throw new InvalidOperationException($"The installation key '{name}' could neither be stored nor read.");
    }

    private byte[] Unprotect(string name, string stored)
    {
        try
        {
            var key = protector.Unprotect(Convert.FromBase64String(stored));
            return key.Length == KeyBytes ? key : throw new CryptographicException($"it has {key.Length} bytes instead of {KeyBytes}");
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Replacing it silently would break whatever the old key signed; an operator must decide.
            throw new InvalidOperationException(
                $"The installation key '{name}' stored in SystemFlags cannot be read ({e.Message}). Was the database restored without its Data Protection keys? "
                + $"Delete the SystemFlags row '{FlagKey(name)}' to make a new key.", e);
        }
    }

    private static string FlagKey(string name) => FlagPrefix + name;

    public void Dispose() => creating.Dispose();
}
