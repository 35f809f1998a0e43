using CallbackPortal.Callbacks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.ClickToCall;

/// <summary>How a group picks the access number for a new reservation among its free ones.</summary>
public enum NumberAllocation
{
    /// <summary>The next free number after the one handed out last, in the group's order.</summary>
    RoundRobin,
    /// <summary>Any free number, chosen with a cryptographic random generator.</summary>
    Random,
}

/// <summary>
/// A pool of access numbers that an app's "call us" button hands out (DOMAIN.md §6 Click-To-Call-In). Each number is
/// held by at most one live reservation, so the IVR can tell from the dialed number whose context a call belongs to.
/// </summary>
public class ClickToCallGroup : Data.IVersioned
{
    public Guid Id { get; set; }
    /// <summary>The name apps send as <c>group</c>: lower-case letters, digits and dashes.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The access numbers in E.164, no duplicates, in round-robin order.</summary>
    public List<string> Numbers { get; set; } = [];
    public NumberAllocation Allocation { get; set; }
    /// <summary>0 for no access code, else 4–8 digits.</summary>
    public int AccessCodeDigits { get; set; }
    /// <summary>How long a number stays reserved for the caller, 30–3600 s.</summary>
    public int ReservationSeconds { get; set; } = 300;
    /// <summary>The callback service whose queue the matched call goes to (and whose allowed origins apply to the request).</summary>
    public Guid TargetServiceId { get; set; }
    public bool Enabled { get; set; } = true;
    public int Version { get; set; }
}

internal sealed class ClickToCallGroupConfiguration : IEntityTypeConfiguration<ClickToCallGroup>
{
    public void Configure(EntityTypeBuilder<ClickToCallGroup> builder)
    {
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Key).HasMaxLength(64);
        builder.HasIndex(g => g.Key).IsUnique();
        builder.Property(g => g.Name).HasMaxLength(100);
        builder.Property(g => g.Numbers).HasConversion(Json<List<string>>.Converter, Json<List<string>>.Comparer);
        builder.Property(g => g.Allocation).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasOne<Services.CallbackService>().WithMany().HasForeignKey(g => g.TargetServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
