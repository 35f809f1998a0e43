using CallbackPortal.Callbacks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.ClickToCall;

/// <summary>How an incoming call was matched to its reservation.</summary>
public static class MatchedBy
{
    /// <summary>By the dialed access number (DNIS), and the caller id (ANI) when the reservation named the caller's number.</summary>
    public const string Number = "dnis/ani";
    public const string Code = "code";
}

/// <summary>
/// An access number (and code) held for one app user's context until it expires or the IVR matches the call.
/// Live means not matched and not expired; only live reservations hold a number or a code.
/// </summary>
public class ClickToCallReservation
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    /// <summary>The access number the user is to dial, E.164.</summary>
    public string ToPhoneNumber { get; set; } = "";
    public string? AccessCode { get; set; }
    /// <summary>The number the user will call from, normalized E.164 (personal data), when the app gave it.</summary>
    public string? FromPhoneNumber { get; set; }
    public Dictionary<string, string> UserData { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? MatchedAt { get; set; }
    /// <summary>One of <see cref="ClickToCall.MatchedBy"/>, once matched.</summary>
    public string? MatchedBy { get; set; }

    public bool IsLive(DateTimeOffset now) => MatchedAt is null && ExpiresAt > now;
}

internal sealed class ClickToCallReservationConfiguration : IEntityTypeConfiguration<ClickToCallReservation>
{
    public void Configure(EntityTypeBuilder<ClickToCallReservation> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.ToPhoneNumber).HasMaxLength(20);
        builder.Property(r => r.AccessCode).HasMaxLength(8);
        builder.Property(r => r.FromPhoneNumber).HasMaxLength(20);
        builder.Property(r => r.MatchedBy).HasMaxLength(16);
        builder.Property(r => r.UserData).HasConversion(Json<Dictionary<string, string>>.Converter, Json<Dictionary<string, string>>.Comparer);
        builder.HasOne<ClickToCallGroup>().WithMany().HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.Cascade);
        // The live-reservation lookups: by number, by the group's codes, and the soonest expiry.
        builder.HasIndex(r => new { r.ToPhoneNumber, r.MatchedAt, r.ExpiresAt });
        builder.HasIndex(r => new { r.GroupId, r.MatchedAt, r.ExpiresAt });
    }
}
