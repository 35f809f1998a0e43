using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// The built-in CAPTCHA: proof-of-work challenges compatible with the ALTCHA widget and ALTCHA's server libraries
/// (challenge = hex SHA-256 of salt + secret number; signature = hex HMAC-SHA-256 of the challenge). The salt carries
/// the service and the expiry as query parameters (<c>{random}?service={key}&amp;expires={unix}&amp;</c>), so both are
/// covered by the signature; each accepted challenge is recorded so that it is never accepted twice.
/// </summary>
public sealed class ProofOfWorkChallenges(
    IDbContextFactory<AppDbContext> dbFactory, InstallationKeys keys, TimeProvider clock)
{
    public const string Algorithm = "SHA-256";
    public const string SigningKeyName = "captcha-pow";
    public const string ServiceParameter = "service";
    public const string ExpiresParameter = "expires";
    private const int SaltBytes = 12;

    // Challenges whose first use this process is recording right now.
    private readonly ConcurrentDictionary<string, byte> recording = new(StringComparer.Ordinal);

    /// <summary>A new challenge for one service, valid for the service's challenge lifetime.</summary>
    public async Task<AltchaChallenge> CreateAsync(string serviceKey, CaptchaSettings settings, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        var maxNumber = Math.Clamp(settings.ProofOfWorkMaxNumber, CaptchaSettings.MaxNumberFloor, CaptchaSettings.MaxNumberCeiling);
        var lifetime = Math.Clamp(settings.ChallengeLifetimeSeconds, CaptchaSettings.LifetimeFloorSeconds, CaptchaSettings.LifetimeCeilingSeconds);
        var expires = clock.GetUtcNow().AddSeconds(lifetime).ToUnixTimeSeconds();
        // The closing '&' is ALTCHA's delimiter: nobody can splice digits onto the last parameter and still match the hash.
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltBytes))
            + $"?{ServiceParameter}={Uri.EscapeDataString(serviceKey)}&{ExpiresParameter}={expires.ToString(CultureInfo.InvariantCulture)}&";
        var number = RandomNumberGenerator.GetInt32(0, maxNumber + 1);
        var challenge = HashHex(salt, number);
        var signature = Sign(await keys.GetAsync(SigningKeyName, ct), challenge);
        return new AltchaChallenge(Algorithm, challenge, maxNumber, salt, signature);
    }

    /// <summary>
    /// Checks an ALTCHA payload (base64 of <c>{ algorithm, challenge, number, salt, signature, took? }</c>) for a service
    /// and, when it is right, records its use: the same payload is refused from then on, in every process.
    /// </summary>
    public async Task<CaptchaResult> VerifyAsync(string serviceKey, string payload, CancellationToken ct)
    {
        var solution = Decode(payload);
        if (solution is not { Algorithm: { } algorithm, Challenge: { } sent, Number: long number and >= 0, Salt: { } salt, Signature: { } signature })
        {
            return CaptchaResult.Invalid("The proof-of-work solution is not readable.");
        }
        if (algorithm != Algorithm)
        {
            return CaptchaResult.Invalid($"Only {Algorithm} proof of work is accepted.");
        }
        var challenge = HashHex(salt, number);
        if (!SameText(challenge, sent))
        {
            return CaptchaResult.Invalid("The proof-of-work solution is wrong.");
        }
        if (!SameText(Sign(await keys.GetAsync(SigningKeyName, ct), challenge), signature))
        {
            return CaptchaResult.Invalid("The proof-of-work challenge was not issued by this portal.");
        }
        // From here on the salt is known to be ours, so its parameters can be trusted.
        var query = salt.IndexOf('?', StringComparison.Ordinal);
        var parameters = QueryHelpers.ParseQuery(query < 0 ? "" : salt[query..]);
        if (!parameters.TryGetValue(ServiceParameter, out var service) || service.Count != 1 || service[0] != serviceKey)
        {
            return CaptchaResult.Invalid("The proof-of-work challenge was issued for another service.");
        }
        if (!parameters.TryGetValue(ExpiresParameter, out var expiresText) || expiresText.Count != 1
            || !long.TryParse(expiresText[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix))
        {
            return CaptchaResult.Invalid("The proof-of-work challenge has no expiry.");
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresUnix);
        if (clock.GetUtcNow() >= expiresAt)
        {
            return CaptchaResult.Invalid("The proof-of-work challenge has expired: solve a new one.");
        }
        return await RecordFirstUseAsync(challenge, expiresAt, ct)
            ? CaptchaResult.Pass("The proof of work is right.")
            : CaptchaResult.Invalid("The proof-of-work solution has already been used: solve a new one.");
    }

    /// <summary>Forgets the challenges that have expired (they are refused for their expiry anyway). Returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UsedCaptchaChallenges.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// The insert is the check: the primary key lets exactly one of any number of concurrent uses through (across
    /// nodes too). Within this process a replay is caught before it reaches the insert, since EF Core logs every
    /// insert that loses to the key as an error, and an attacker sending one solution many times would flood the log.
    /// </summary>
    private async Task<bool> RecordFirstUseAsync(string challenge, DateTimeOffset expiresAt, CancellationToken ct)
    {
        if (!recording.TryAdd(challenge, 0))
        {
            return false;
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.UsedCaptchaChallenges.AnyAsync(c => c.ChallengeHash == challenge, ct))
            {
                return false;
            }
            db.UsedCaptchaChallenges.Add(new UsedCaptchaChallenge { ChallengeHash = challenge, ExpiresAt = expiresAt });
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                // Only a row already there means a replay; any other failure is not the consumer's to be blamed for.
                await using var check = await dbFactory.CreateDbContextAsync(ct);
                if (await check.UsedCaptchaChallenges.AnyAsync(c => c.ChallengeHash == challenge, ct))
                {
                    return false;
                }
                throw;
            }
        }
        finally
        {
            recording.TryRemove(challenge, out _);
        }
    }

    private static AltchaSolution? Decode(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<AltchaSolution>(Convert.FromBase64String(payload));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string HashHex(string salt, long number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));

    private static string Sign(byte[] key, string challenge) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(challenge)));

    private static bool SameText(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
