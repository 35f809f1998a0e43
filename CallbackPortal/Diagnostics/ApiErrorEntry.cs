using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Diagnostics;

/// <summary>One rejected or failed public API request, kept for the diagnostics pages (bounded, purged after retention).</summary>
public class ApiErrorEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Service { get; set; }
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
    public string? Origin { get; set; }
    /// <summary>HMAC of the client's address with an installation key: the same client is recognisable, its address is not stored.</summary>
    public string? ClientHash { get; set; }
    public int Status { get; set; }
    public string Code { get; set; } = "";
    public string? Detail { get; set; }
    /// <summary>The rule that refused the request, when one did (RuleEvaluator's rule name).</summary>
    public string? Rule { get; set; }
    public string? CorrelationId { get; set; }
}

/// <summary>A cross-origin request from an origin the service does not allow.</summary>
public class CorsRejection
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Origin { get; set; } = "";
    public string? Service { get; set; }
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
}

internal sealed class ApiErrorEntryConfiguration : IEntityTypeConfiguration<ApiErrorEntry>
{
    public void Configure(EntityTypeBuilder<ApiErrorEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Service).HasMaxLength(64);
        builder.Property(e => e.Method).HasMaxLength(16);
        builder.Property(e => e.Path).HasMaxLength(256);
        builder.Property(e => e.Origin).HasMaxLength(256);
        builder.Property(e => e.ClientHash).HasMaxLength(32);
        builder.Property(e => e.Code).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        builder.Property(e => e.Rule).HasMaxLength(64);
        builder.Property(e => e.CorrelationId).HasMaxLength(64);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Service, e.At });
        builder.HasIndex(e => new { e.Code, e.At });
    }
}

internal sealed class CorsRejectionConfiguration : IEntityTypeConfiguration<CorsRejection>
{
    public void Configure(EntityTypeBuilder<CorsRejection> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Origin).HasMaxLength(256);
        builder.Property(e => e.Service).HasMaxLength(64);
        builder.Property(e => e.Method).HasMaxLength(16);
        builder.Property(e => e.Path).HasMaxLength(256);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Service, e.At });
    }
}
