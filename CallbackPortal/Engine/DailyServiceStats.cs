using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Engine;

/// <summary>Per service and UTC day, what the purge folded away, so history reports outlive the retention period.</summary>
public class DailyServiceStats
{
    public Guid ServiceId { get; set; }
    public DateOnly Day { get; set; }
    public int Offered { get; set; }
    public int Immediate { get; set; }
    public int Scheduled { get; set; }
    public int Connected { get; set; }
    public int Unreachable { get; set; }
    public int TimedOut { get; set; }
    public int Cancelled { get; set; }
    public int OtherCompleted { get; set; }
    public int Attempts { get; set; }
    public long TotalWaitToConnectSeconds { get; set; }
    public int ConnectedWithinPromise { get; set; }
    /// <summary>Connected callbacks counted by wait to connect, in the buckets of <c>Reports.WaitBuckets</c> (for percentiles of purged days).</summary>
    public List<int> WaitHistogram { get; set; } = [];
}

internal sealed class DailyServiceStatsConfiguration : IEntityTypeConfiguration<DailyServiceStats>
{
    public void Configure(EntityTypeBuilder<DailyServiceStats> builder)
    {
        builder.HasKey(s => new { s.ServiceId, s.Day });
        builder.Property(s => s.WaitHistogram).HasConversion(Callbacks.Json<List<int>>.Converter, Callbacks.Json<List<int>>.Comparer);
    }
}
