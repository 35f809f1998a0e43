using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Access;

/// <summary>What the API keys page asks for when it creates a key.</summary>
public sealed class ApiKeyForm
{
    public string? Name { get; set; }
    public HashSet<string> Scopes { get; set; } = [];
    /// <summary>The day the key stops working, at 00:00 UTC; none for a key that does not expire.</summary>
    public DateTime? ExpiresOn { get; set; }
}

public enum ApiKeyStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>A key as the list shows it: never the key itself, only its prefix.</summary>
public sealed record ApiKeyRow(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, ApiKeyStatus Status);

/// <summary>The outcome of creating a key: the whole key (to show once) or what to fix by field.</summary>
public sealed record ApiKeyCreation(string? Key, ApiKeyRow? Row, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>The outcome of checking a presented key: the key when it may be used, otherwise why not.</summary>
public sealed record ApiKeyCheck(ApiKey? Key, string? Refusal);

/// <summary>
/// Creates, lists, revokes and verifies the API keys of integrations. A key is <c>cbk_</c> and 32 random bytes in
/// base64url; only its SHA-256 is stored, so a key that is lost cannot be shown again, only replaced.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const string KeyStart = "cbk_";
    public const int PrefixLength = 12;
    public const int MaxNameLength = 100;
    /// <summary>How stale "last used" may be: a busy integration writes it at most this often, not on every request.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);
    private const int RandomBytes = 32;
    private static readonly int KeyLength = KeyStart.Length + Base64Url.GetEncodedLength(RandomBytes);

    /// <summary>What a scope lets a program do, in words for the page.</summary>
    public static string DescriptionOf(string scope) => scope switch
    {
        ApiKeyScopes.Presence => "Report agent presence (PUT /api/v1/agents/{id}/presence)",
        ApiKeyScopes.ClickToCall => "Match incoming calls to click-to-call requests",
        ApiKeyScopes.Telephony => "Telephony integrations that cannot sign their requests",
        ApiKeyScopes.Privacy => "Erase a consumer's personal data by phone number (POST /api/v1/privacy/erasure)",
        _ => scope,
    };

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. keys.Select(k => RowOf(k, now))];
    }

    public async Task<ApiKeyCreation> CreateAsync(PortalActor actor, ApiKeyForm form, CancellationToken ct)
    {
        actor.RequirePermission(Permissions.ApiKeys.Manage);
        var now = clock.GetUtcNow();
        var name = form.Name?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await ValidateAsync(db, name, form, now, ct);
        if (errors.Count > 0)
        {
            return new ApiKeyCreation(null, null, errors);
        }
        var key = KeyStart + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        var entity = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name,
            Prefix = key[..PrefixLength],
            KeyHash = Convert.ToHexStringLower(Hash(key)),
            Scopes = [.. ApiKeyScopes.All.Where(form.Scopes.Contains)],
            CreatedAt = now,
            CreatedBy = actor.Name,
            ExpiresAt = form.ExpiresOn is { } day ? new DateTimeOffset(day.Date, TimeSpan.Zero) : null,
        };
        db.ApiKeys.Add(entity);
        audit.Record(db, actor, AuditAreas.ApiKeys, AuditActions.Created, Target(entity), null, Snapshot(entity));
        await db.SaveChangesAsync(ct);
        return new ApiKeyCreation(key, RowOf(entity, now), new Dictionary<string, string[]>());
    }

    /// <summary>Revokes the key for good; returns why it could not be, or null.</summary>
    public async Task<string?> RevokeAsync(PortalActor actor, Guid id, CancellationToken ct)
    {
        actor.RequirePermission(Permissions.ApiKeys.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return "That key no longer exists.";
        }
        if (key.RevokedAt is not null)
        {
            return null;
        }
        var before = Snapshot(key);
        key.RevokedAt = clock.GetUtcNow();
        audit.Record(db, actor, AuditAreas.ApiKeys, "revoked", Target(key), before, Snapshot(key));
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Finds the key that was presented by its SHA-256 (the unique index; a hash of 32 random bytes gives a timing
    /// attacker nothing to work with), and notes when it was last used (at most
    /// once per <see cref="LastUsedPrecision"/>). Unknown, revoked and expired keys are refused with the reason.
    /// </summary>
    public async Task<ApiKeyCheck> VerifyAsync(string presented, CancellationToken ct)
    {
        if (presented.Length != KeyLength || !presented.StartsWith(KeyStart, StringComparison.Ordinal))
        {
            return new ApiKeyCheck(null, "This is not a CallbackPortal API key.");
        }
        var hash = Convert.ToHexStringLower(Hash(presented));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash, ct);
        var now = clock.GetUtcNow();
        var refusal = key switch
        {
            null => "No such API key.",
            { RevokedAt: not null } => "This API key has been revoked.",
            { ExpiresAt: { } expiry } when expiry <= now => "This API key has expired.",
            _ => null,
        };
        if (refusal is not null)
        {
            return new ApiKeyCheck(null, refusal);
        }
        if (key!.LastUsedAt is not { } last || now - last >= LastUsedPrecision)
        {
            var stale = now - LastUsedPrecision;
            // Conditional, so concurrent requests (or nodes) write it once.
            await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new ApiKeyCheck(key, null);
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(AppDbContext db, string name, ApiKeyForm form, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (name.Length == 0)
        {
            errors[nameof(ApiKeyForm.Name)] = ["Give the key a name that says who uses it."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors[nameof(ApiKeyForm.Name)] = [$"At most {MaxNameLength} characters."];
        }
        else if (await db.ApiKeys.AnyAsync(k => k.Name == name && k.RevokedAt == null, ct))
        {
            errors[nameof(ApiKeyForm.Name)] = ["A key with this name already exists; revoke it or choose another name."];
        }
        if (form.Scopes.Count == 0)
        {
            errors[nameof(ApiKeyForm.Scopes)] = ["Choose at least one scope."];
        }
        else if (form.Scopes.FirstOrDefault(s => !ApiKeyScopes.All.Contains(s)) is { } unknown)
        {
            errors[nameof(ApiKeyForm.Scopes)] = [$"Unknown scope: {unknown}."];
        }
        if (form.ExpiresOn is { } day && day.Date <= now.UtcDateTime.Date)
        {
            errors[nameof(ApiKeyForm.ExpiresOn)] = ["Choose a day after today: the key stops working at 00:00 UTC that day."];
        }
        return errors;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static ApiKeyRow RowOf(ApiKey k, DateTimeOffset now) => new(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt,
        k.RevokedAt, k.RevokedAt is not null ? ApiKeyStatus.Revoked : k.ExpiresAt <= now ? ApiKeyStatus.Expired : ApiKeyStatus.Active);

    private static string Target(ApiKey key) => $"{key.Name} ({key.Prefix}…)";

    /// <summary>What the audit log keeps of a key: never the key, not even its hash.</summary>
    private static object Snapshot(ApiKey key) => new { key.Name, key.Prefix, key.Scopes, key.ExpiresAt, key.RevokedAt };
}
