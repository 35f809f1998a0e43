using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.PublicApi;

/// <summary>
/// A create request sent with an <c>Idempotency-Key</c>: in flight until its callback is stored, then done with
/// its response (protected, since it holds the access token) so that the same request again gets the same answer.
/// </summary>
public class IdempotencyRecord
{
    /// <summary>"{service}:{Idempotency-Key}".</summary>
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public bool Done { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public int? Status { get; set; }
    public string? Location { get; set; }
    /// <summary>The response body, encrypted with Data Protection.</summary>
    public string? ResponseProtected { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(330);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.Location).HasMaxLength(256);
        builder.HasIndex(r => r.StartedAt);
    }
}
