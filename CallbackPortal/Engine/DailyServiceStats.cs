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
}

internal sealed class DailyServiceStatsConfiguration : IEntityTypeConfiguration<DailyServiceStats>
{
    public void Configure(EntityTypeBuilder<DailyServiceStats> builder) => builder.HasKey(s => new { s.ServiceId, s.Day });
}
