using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Lifecycle;

/// <summary>
/// One step of a consumer's interaction with the callback widget (DOMAIN.md §6 "Interaction lifecycle"), as the widget
/// reported it. Linked to the callback whose <c>WidgetSessionId</c> is this event's session, never on the client's word alone.
/// </summary>
public class WidgetEvent
{
    public long Id { get; set; }
    public Guid ServiceId { get; set; }
    public string SessionId { get; set; } = "";
    /// <summary>One of <see cref="WidgetEventNames.All"/>.</summary>
    public string Event { get; set; } = "";
    /// <summary>The client's timestamp, clamped to [received − 1 day, received + 5 min].</summary>
    public DateTimeOffset At { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>
    /// The callback of this event's session, set by <see cref="WidgetEventLinks"/>. Not a foreign key: a session still counts
    /// as scheduled in the funnel after its callback has been purged.
    /// </summary>
    public Guid? CallbackId { get; set; }
    /// <summary>The callback the client said this event belongs to; it may only confirm the session's callback, never choose one.</summary>
    public Guid? ClaimedCallbackId { get; set; }
    /// <summary>The whitelisted metadata (flags, counters, timestamps, elapsedMs, errors) as compact JSON, at most 4 KB.</summary>
    public string Metadata { get; set; } = "{}";
    /// <summary>The page origin the batch came from (the Origin header), when a browser sent it.</summary>
    public string? Origin { get; set; }

    // Copied out of the metadata at intake, so the funnel aggregates them in SQL.
    public bool CaptchaShown { get; set; }
    public bool Proactive { get; set; }
    public int? SubmitAttempts { get; set; }
    public int? ValidationErrors { get; set; }
}

/// <summary>The lifecycle's event names, in the order a successful interaction passes them.</summary>
public static partial class WidgetEventNames
{
    public const string Ready = "ready";
    public const string Opened = "opened";
    public const string Started = "started";
    public const string Submitted = "submitted";
    public const string Completed = "completed";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Ready, Opened, Started, Submitted, Completed, Closed, Cancelled];

    public const int MaxSessionIdLength = 64;

    /// <summary>A widget session id: 1–64 of A–Z, a–z, 0–9, '_' and '-'.</summary>
    public static bool IsSessionId(string? value) => value is { Length: > 0 and <= MaxSessionIdLength } && SessionIdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionIdPattern();
}

internal sealed class WidgetEventConfiguration : IEntityTypeConfiguration<WidgetEvent>
{
    public void Configure(EntityTypeBuilder<WidgetEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.SessionId).HasMaxLength(WidgetEventNames.MaxSessionIdLength);
        builder.Property(e => e.Event).HasMaxLength(16);
        builder.Property(e => e.Metadata).HasMaxLength(WidgetMetadata.MaxBytes);
        builder.Property(e => e.Origin).HasMaxLength(253);
        // Linking and the per-session cap find a session's events; the timeline a callback's; the funnel a service's period; the purge old ones.
        builder.HasIndex(e => e.SessionId);
        builder.HasIndex(e => e.CallbackId);
        builder.HasIndex(e => new { e.ServiceId, e.At });
        builder.HasIndex(e => e.ReceivedAt);
    }
}
