using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.PublicApi.Captcha;

internal sealed class UsedCaptchaChallengeConfiguration : IEntityTypeConfiguration<UsedCaptchaChallenge>
{
    public void Configure(EntityTypeBuilder<UsedCaptchaChallenge> builder)
    {
        builder.HasKey(c => c.ChallengeHash);
        builder.Property(c => c.ChallengeHash).HasMaxLength(64).ValueGeneratedNever();
        builder.HasIndex(c => c.ExpiresAt);
    }
}
