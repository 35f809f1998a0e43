using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Callbacks;

internal sealed class CallbackConfiguration : IEntityTypeConfiguration<Callback>
{
    public void Configure(EntityTypeBuilder<Callback> builder)
    {
        builder.HasKey(c => c.Id);
        // Ids are made by the app (Guid.NewGuid) so that a new row reached through a navigation is an insert.
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.PhoneNumber).HasMaxLength(20);
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(256);
        builder.Property(c => c.Notes).HasMaxLength(1000);
        builder.Property(c => c.Language).HasMaxLength(35);
        builder.Property(c => c.Disposition).HasMaxLength(64);
        builder.Property(c => c.DispositionNotes).HasMaxLength(1000);
        builder.Property(c => c.AccessTokenHash).HasMaxLength(64);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.UserData).HasConversion(Json<Dictionary<string, string>>.Converter, Json<Dictionary<string, string>>.Comparer);
        builder.Property(c => c.RejectedByAgents).HasConversion(Json<List<Guid>>.Converter, Json<List<Guid>>.Comparer);
        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CallbackId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Attempts).WithOne().HasForeignKey(a => a.CallbackId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.State, c.DueAt });
        builder.HasIndex(c => new { c.State, c.ExpiresAt });
        builder.HasIndex(c => new { c.ServiceId, c.State, c.Priority, c.WaitingSince });
        // Dispatch reads the head of the whole queue (priority first, then the longest waiting) in this index's order, so
        // it stops after a batch instead of sorting every queued callback each round.
        builder.HasIndex(c => new { c.State, c.Priority, c.WaitingSince }).IsDescending(false, true, false);
        builder.Property(c => c.ThrottleKey).HasMaxLength(32);
        // The rules count a number's, a service's and a key's requests in time windows, and a slot's bookings.
        builder.HasIndex(c => new { c.ServiceId, c.PhoneNumber, c.CreatedAt });
        builder.HasIndex(c => new { c.ServiceId, c.CreatedAt });
        builder.HasIndex(c => new { c.ServiceId, c.ThrottleKey, c.CreatedAt });
        builder.HasIndex(c => new { c.ServiceId, c.DesiredTime });
        builder.HasIndex(c => c.CompletedAt);
        builder.HasIndex(c => c.CreatedAt);
        // The callback list filters and sorts on the desired time and finds a consumer's callbacks by number.
        builder.HasIndex(c => c.DesiredTime);
        builder.HasIndex(c => c.PhoneNumber);
        // The list's state and reason filters over a date range ("queued in the last 30 days", "timed out this week").
        builder.HasIndex(c => new { c.State, c.DesiredTime });
        builder.HasIndex(c => new { c.Reason, c.DesiredTime });
        // The widget's lifecycle events find their session's callback.
        builder.Property(c => c.WidgetSessionId).HasMaxLength(Lifecycle.WidgetEventNames.MaxSessionIdLength);
        builder.HasIndex(c => c.WidgetSessionId);
    }
}

internal sealed class CallbackEventConfiguration : IEntityTypeConfiguration<CallbackEvent>
{
    public void Configure(EntityTypeBuilder<CallbackEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.FromState).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ToState).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Detail).HasMaxLength(2000);
        builder.HasIndex(e => new { e.CallbackId, e.At });
    }
}

internal sealed class DialAttemptConfiguration : IEntityTypeConfiguration<DialAttempt>
{
    public void Configure(EntityTypeBuilder<DialAttempt> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasIndex(a => a.IdempotencyKey).IsUnique();
        builder.HasIndex(a => a.Stage);
        builder.HasIndex(a => a.ProviderCallId);
        // The wait estimate reads the most recent talk times: newest first, stopping after a few dozen.
        builder.HasIndex(a => a.EndedAt);
        builder.Property(a => a.IdempotencyKey).HasMaxLength(64);
        builder.Property(a => a.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Result).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.To).HasMaxLength(256);
        builder.Property(a => a.ProviderCallId).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(1000);
        builder.Property(a => a.AnsweredBy).HasMaxLength(16);
    }
}

/// <summary>An optional value object stored as JSON text (null stays null).</summary>
internal static class NullableJson<T> where T : class
{
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T?, string?> Converter = new(
        v => v == null ? null : JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        s => string.IsNullOrEmpty(s) ? null : JsonSerializer.Deserialize<T>(s, JsonSerializerOptions.Web));

    public static readonly ValueComparer<T?> Comparer = new(
        (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
        v => v == null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web));
}

/// <summary>Small value objects stored as JSON text in one column.</summary>
internal static class Json<T> where T : new()
{
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        s => string.IsNullOrEmpty(s) ? new T() : JsonSerializer.Deserialize<T>(s, JsonSerializerOptions.Web) ?? new T());

    public static readonly ValueComparer<T> Comparer = new(
        (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!);
}
