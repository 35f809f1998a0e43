using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Diagnostics;

/// <summary>A row of a diagnostics log: kept by age and by count.</summary>
public interface IDiagnosticsRow
{
    long Id { get; }
    DateTimeOffset At { get; }
}

/// <summary>One rejected or failed public API request, kept for the diagnostics pages (bounded, purged after retention).</summary>
public class ApiErrorEntry : IRequestRow
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
public class CorsRejection : IRequestRow
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Origin { get; set; } = "";
    public string? Service { get; set; }
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
}

/// <summary>Column sizes of the diagnostics tables; <see cref="DiagnosticsLog"/> clips what it records to them.</summary>
public static class DiagnosticsLimits
{
    public const int Service = 64;
    public const int Method = 16;
    public const int Path = 256;
    public const int Origin = 256;
    public const int ClientHash = 32;
    public const int Code = 64;
    public const int Detail = 1000;
    public const int Rule = 64;
    public const int CorrelationId = 64;

    public static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

internal sealed class ApiErrorEntryConfiguration : IEntityTypeConfiguration<ApiErrorEntry>
{
    public void Configure(EntityTypeBuilder<ApiErrorEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Service).HasMaxLength(DiagnosticsLimits.Service);
        builder.Property(e => e.Method).HasMaxLength(DiagnosticsLimits.Method);
        builder.Property(e => e.Path).HasMaxLength(DiagnosticsLimits.Path);
        builder.Property(e => e.Origin).HasMaxLength(DiagnosticsLimits.Origin);
        builder.Property(e => e.ClientHash).HasMaxLength(DiagnosticsLimits.ClientHash);
        builder.Property(e => e.Code).HasMaxLength(DiagnosticsLimits.Code);
        builder.Property(e => e.Detail).HasMaxLength(DiagnosticsLimits.Detail);
        builder.Property(e => e.Rule).HasMaxLength(DiagnosticsLimits.Rule);
        builder.Property(e => e.CorrelationId).HasMaxLength(DiagnosticsLimits.CorrelationId);
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
        builder.Property(e => e.Origin).HasMaxLength(DiagnosticsLimits.Origin);
        builder.Property(e => e.Service).HasMaxLength(DiagnosticsLimits.Service);
        builder.Property(e => e.Method).HasMaxLength(DiagnosticsLimits.Method);
        builder.Property(e => e.Path).HasMaxLength(DiagnosticsLimits.Path);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Service, e.At });
    }
}
