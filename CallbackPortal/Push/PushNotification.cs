using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Push;

/// <summary>What a notification tells the consumer (DOMAIN.md §6).</summary>
public enum PushEvent
{
    /// <summary>The callback was accepted: when to expect the call.</summary>
    Confirmed,
    /// <summary>"Your call is coming": the wait fell under the service's threshold, or that long before a scheduled time.</summary>
    Coming,
    /// <summary>The callback was cancelled (by the consumer or the contact center).</summary>
    Cancelled,
    /// <summary>The callback ended without a conversation (unreachable, expired, failed).</summary>
    Failed,
}

/// <summary>Where one notification is: written Pending, taken as Sending, then one final state.</summary>
public enum PushNotificationState
{
    Pending,
    /// <summary>Taken by a sender; if the process stops here it is never sent again (at most once), it ends Failed.</summary>
    Sending,
    Delivered,
    Failed,
    /// <summary>The push service said the subscription no longer exists (404/410, UNREGISTERED); it was removed.</summary>
    Gone,
    /// <summary>Not sent because it no longer applied (for example "coming" after the callback ended).</summary>
    Dropped,
}

/// <summary>
/// One notification to one subscription: the ledger that makes "never sent twice" hold (one row per subscription and
/// event, unique in the database) and the attempt-like entry the callback's timeline shows. Kept with its callback
/// when the subscription is removed.
/// </summary>
public class PushNotification
{
    public long Id { get; set; }
    public Guid CallbackId { get; set; }
    /// <summary>The subscription it was for (no foreign key: the row outlives a subscription that went away).</summary>
    public Guid SubscriptionId { get; set; }
    public PushChannel Channel { get; set; }
    public PushEvent Event { get; set; }
    public PushNotificationState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When a Pending row that the push service asked to retry may be sent again.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>When the last send began (a Sending row older than the lease is reported Failed, never resent).</summary>
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The push service's HTTP status, when it answered.</summary>
    public int? ProviderStatus { get; set; }
    /// <summary>The start of the push service's answer or why nothing was sent (<see cref="PushDelivery.MaxAnswerLength"/>).</summary>
    public string? ProviderAnswer { get; set; }
}

internal sealed class PushNotificationConfiguration : IEntityTypeConfiguration<PushNotification>
{
    public void Configure(EntityTypeBuilder<PushNotification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Event).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.ProviderAnswer).HasMaxLength(PushDelivery.MaxAnswerLength + 1);
        builder.HasIndex(n => new { n.SubscriptionId, n.Event }).IsUnique();
        builder.HasIndex(n => new { n.State, n.NextAttemptAt });
        builder.HasIndex(n => n.CallbackId);
        builder.HasOne<Callbacks.Callback>().WithMany().HasForeignKey(n => n.CallbackId).OnDelete(DeleteBehavior.Cascade);
    }
}
