using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Access;

/// <summary>What an API key lets an integration do (API.md, integration endpoints).</summary>
public static class ApiKeyScopes
{
    /// <summary>Report agent presence from an external ACD: <c>PUT /api/v1/agents/{id}/presence</c>.</summary>
    public const string Presence = "presence";
    /// <summary>Match an incoming call to a click-to-call request: <c>GET /api/v1/click-to-call/match</c>.</summary>
    public const string ClickToCall = "click-to-call";
    /// <summary>Telephony integrations that cannot sign their requests the provider's way.</summary>
    public const string Telephony = "telephony";
    /// <summary>Erase a consumer's personal data by phone number: <c>POST /api/v1/privacy/erasure</c>.</summary>
    public const string Privacy = "privacy";

    public static readonly IReadOnlyList<string> All = [Presence, ClickToCall, Telephony, Privacy];
}

/// <summary>
/// A key an integration sends as <c>Authorization: Bearer cbk_…</c>. Only its SHA-256 is stored; the whole key is
/// shown once, when it is created. The prefix (the first characters) identifies it in lists and logs.
/// </summary>
public class ApiKey
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The first characters of the key, shown in the portal so people can tell keys apart.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>SHA-256 of the whole key, lower-case hex.</summary>
    public string KeyHash { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
