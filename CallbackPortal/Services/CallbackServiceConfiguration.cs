using CallbackPortal.Callbacks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Services;

internal sealed class CallbackServiceConfiguration : IEntityTypeConfiguration<CallbackService>
{
    public void Configure(EntityTypeBuilder<CallbackService> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.Key).IsUnique();
        builder.Property(s => s.Key).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.DefaultCountry).HasMaxLength(2);
        builder.Property(s => s.CallerId).HasMaxLength(20);
        builder.Property(s => s.Language).HasMaxLength(35);
        builder.Property(s => s.Greeting).HasMaxLength(500);
        builder.Property(s => s.PausedReason).HasMaxLength(500);
        builder.Property(s => s.DialMode).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.MachineTreatment).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Rules).HasConversion(Json<Rules.ServiceRules>.Converter, Json<Rules.ServiceRules>.Comparer);
        builder.Property(s => s.Captcha).HasConversion(Json<PublicApi.Captcha.CaptchaSettings>.Converter, Json<PublicApi.Captcha.CaptchaSettings>.Comparer);
        builder.Property(s => s.AllowedOrigins).HasConversion(Json<List<string>>.Converter, Json<List<string>>.Comparer);
        builder.Property(s => s.Push).HasConversion(Json<Push.PushSettings>.Converter, Json<Push.PushSettings>.Comparer);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Property(s => s.Form).HasConversion(NullableJson<Widget.WidgetForm>.Converter, NullableJson<Widget.WidgetForm>.Comparer);
        builder.OwnsMany(s => s.RequiredSkills, r => r.ToJson());
        builder.OwnsOne(s => s.Schedule, schedule =>
        {
            schedule.ToJson();
            schedule.OwnsMany(x => x.Weekly);
            schedule.OwnsMany(x => x.ExtraOpenings);
            schedule.OwnsMany(x => x.Holidays);
        });
        builder.OwnsOne(s => s.Capacity, capacity =>
        {
            capacity.ToJson();
            capacity.OwnsMany(x => x.WeeklyOverrides);
            capacity.OwnsMany(x => x.DatedExceptions);
        });
    }
}
