using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Reports;

/// <summary>
/// How many callback requests a protection rule refused, per service, hour and rule. Refused requests never become
/// callbacks, so this is where the history reports' "rejected by rule" comes from; it is not purged with callbacks.
/// </summary>
public class RuleRefusalStats
{
    public Guid ServiceId { get; set; }
    /// <summary>The start of the UTC hour.</summary>
    public DateTimeOffset Hour { get; set; }
    /// <summary>The rule's name (RuleEvaluator's rule).</summary>
    public string Rule { get; set; } = "";
    public int Count { get; set; }
}

internal sealed class RuleRefusalStatsConfiguration : IEntityTypeConfiguration<RuleRefusalStats>
{
    public void Configure(EntityTypeBuilder<RuleRefusalStats> builder)
    {
        builder.HasKey(s => new { s.ServiceId, s.Hour, s.Rule });
        builder.Property(s => s.Rule).HasMaxLength(64);
        builder.HasIndex(s => s.Hour);
    }
}
