using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Agents;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Phone).HasMaxLength(256);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Presence).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.OwnsMany(a => a.Skills, s => s.ToJson());
        builder.HasIndex(a => a.Presence);
        builder.HasIndex(a => a.UserId);
    }
}
