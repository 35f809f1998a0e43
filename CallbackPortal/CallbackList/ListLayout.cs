using System.Text.Json;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.CallbackList;

/// <summary>A journey-data key (UserData) shown as a column under the name the supervisor gives it.</summary>
public sealed record JourneyColumn(string Key, string Alias);

/// <summary>The columns a user chose for the callback list.</summary>
public sealed record ListLayout(IReadOnlyList<string> Columns, IReadOnlyList<JourneyColumn> Journey)
{
    public static readonly IReadOnlyList<string> AllColumns = ["Desired", "Service", "State", "Phone", "Name", "Email", "Created", "Completed", "Attempts", "Notes"];

    public static readonly ListLayout Default = new(["Desired", "Service", "State", "Phone", "Name", "Attempts"], []);

    public bool Shows(string column) => Columns.Contains(column);

    /// <summary>What is wrong with the layout (null when it can be saved).</summary>
    public string? Problem()
    {
        if (Journey.Any(j => string.IsNullOrWhiteSpace(j.Key) || j.Key.Length > 64 || j.Alias.Length > 64))
        {
            return "A journey-data column needs a key (at most 64 characters) and an alias of at most 64 characters.";
        }
        if (Journey.Count > 10)
        {
            return "At most 10 journey-data columns.";
        }
        return Journey.GroupBy(j => j.Key, StringComparer.Ordinal).Any(g => g.Count() > 1) ? "Each journey-data key may be shown once." : null;
    }
}

/// <summary>A user's saved setting by name (the callback list's columns); kept in the database so it follows the user to any browser.</summary>
public class UserPreference
{
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class UserPreferenceConfiguration : IEntityTypeConfiguration<UserPreference>
{
    public void Configure(EntityTypeBuilder<UserPreference> builder)
    {
        builder.ToTable("UserPreferences");
        builder.HasKey(p => new { p.UserId, p.Name });
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.Value).HasMaxLength(8000);
    }
}

/// <summary>Loads and saves each user's <see cref="ListLayout"/>.</summary>
public sealed class ListLayouts(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string Name = "callback-list.layout";

    public async Task<ListLayout> LoadAsync(string? userId, CancellationToken ct)
    {
        if (userId is null)
        {
            return ListLayout.Default;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = await db.Set<UserPreference>().Where(p => p.UserId == userId && p.Name == Name).Select(p => p.Value).SingleOrDefaultAsync(ct);
        try
        {
            return value is null ? ListLayout.Default : JsonSerializer.Deserialize<ListLayout>(value, JsonSerializerOptions.Web) ?? ListLayout.Default;
        }
        catch (JsonException)
        {
            return ListLayout.Default;
        }
    }

    /// <summary>Saves the layout for the user; returns why not when it is not valid.</summary>
    public async Task<string?> SaveAsync(string? userId, ListLayout layout, CancellationToken ct)
    {
        if (userId is null)
        {
            return "Sign in to keep your columns.";
        }
        if (layout.Problem() is { } problem)
        {
            return problem;
        }
        var cleaned = layout with
        {
            Columns = [.. ListLayout.AllColumns.Where(layout.Columns.Contains)],
            Journey = [.. layout.Journey.Select(j => new JourneyColumn(j.Key.Trim(), string.IsNullOrWhiteSpace(j.Alias) ? j.Key.Trim() : j.Alias.Trim()))],
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<UserPreference>().SingleOrDefaultAsync(p => p.UserId == userId && p.Name == Name, ct);
        if (row is null)
        {
            row = new UserPreference { UserId = userId, Name = Name };
            db.Add(row);
        }
        row.Value = JsonSerializer.Serialize(cleaned, JsonSerializerOptions.Web);
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return null;
    }
}
