using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Push;

/// <summary>Where a notification goes: a browser's push service (Web Push) or an app's device (FCM).</summary>
public enum PushChannel
{
    WebPush,
    Fcm,
}

/// <summary>
/// A consumer's device that wants to hear about one callback: a browser's push subscription (its endpoint and the two
/// keys the message is encrypted for) or an app's FCM registration token. Personal data: it lives only as long as its
/// callback and is removed at once when the push service reports it gone.
/// </summary>
public class PushSubscription
{
    public Guid Id { get; set; }
    public Guid CallbackId { get; set; }
    public PushChannel Channel { get; set; }
    /// <summary>The Web Push endpoint URL, or the FCM registration token.</summary>
    public string Endpoint { get; set; } = "";
    /// <summary>Web Push: the browser's P-256 public key (base64url).</summary>
    public string? P256dh { get; set; }
    /// <summary>Web Push: the browser's 16-byte auth secret (base64url).</summary>
    public string? Auth { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public WebPushSubscription ToWebPush() => new(Endpoint, P256dh ?? "", Auth ?? "");
}

internal sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<PushSubscription>
{
    public void Configure(EntityTypeBuilder<PushSubscription> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Endpoint).HasMaxLength(PushSubscriptionRequest.MaxEndpointLength);
        builder.Property(s => s.P256dh).HasMaxLength(128);
        builder.Property(s => s.Auth).HasMaxLength(64);
        // One row per device and callback: subscribing again replaces the keys, it never doubles the notifications.
        builder.HasIndex(s => new { s.CallbackId, s.Endpoint }).IsUnique();
        builder.HasOne<Callbacks.Callback>().WithMany().HasForeignKey(s => s.CallbackId).OnDelete(DeleteBehavior.Cascade);
    }
}
