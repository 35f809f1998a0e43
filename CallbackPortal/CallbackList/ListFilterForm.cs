using CallbackPortal.Callbacks;

namespace CallbackPortal.CallbackList;

/// <summary>The list page's filter inputs as the user edits them; <see cref="ToFilter"/> makes the query's filter.</summary>
public sealed class ListFilterForm
{
    public DatePreset Preset { get; set; } = DatePreset.Last7Days;
    /// <summary>Custom range: first day (UTC), inclusive.</summary>
    public DateTime? From { get; set; }
    /// <summary>Custom range: last day (UTC), inclusive.</summary>
    public DateTime? To { get; set; }
    public IReadOnlyCollection<CallbackState> States { get; set; } = [];
    public IReadOnlyCollection<CompletionReason> Reasons { get; set; } = [];
    public IReadOnlyCollection<Guid> Services { get; set; } = [];
    public string? Phone { get; set; }
    public string? Text { get; set; }

    public static readonly IReadOnlyList<(DatePreset Preset, string Text)> Presets =
    [
        (DatePreset.Last24Hours, "Last 24 hours"), (DatePreset.Last7Days, "Last 7 days"), (DatePreset.Last30Days, "Last 30 days"),
        (DatePreset.Today, "Today (UTC)"), (DatePreset.Next24Hours, "Next 24 hours"), (DatePreset.Next7Days, "Next 7 days"),
        (DatePreset.Next30Days, "Next 30 days"), (DatePreset.Custom, "Custom range"),
    ];

    public CallbackFilter ToFilter(CallbackSort sort, bool descending) => new()
    {
        Preset = Preset,
        From = From is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
        To = To is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date, DateTimeKind.Utc)).AddDays(to.Year < 9999 ? 1 : 0) : null,
        States = [.. States],
        Reasons = [.. Reasons],
        Services = [.. Services],
        Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
        Text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
        Sort = sort,
        Descending = descending,
    };
}
