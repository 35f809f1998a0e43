using CallbackPortal.Callbacks;

namespace CallbackPortal.CallbackList;

/// <summary>The date presets of the callback list; all apply to the callback's desired time (UTC).</summary>
public enum DatePreset
{
    Last24Hours,
    Last7Days,
    Last30Days,
    Today,
    Next24Hours,
    Next7Days,
    Next30Days,
    Custom,
}

/// <summary>What the list can be sorted by (each backed by an index or cheap on a bounded range).</summary>
public enum CallbackSort
{
    DesiredTime,
    CreatedAt,
    CompletedAt,
    State,
    Name,
    Phone,
    Attempts,
}

/// <summary>
/// What the supervisor asks the callback list for. The date range applies to the <b>desired time</b>: it exists for
/// every callback (an immediate one's is its request time), so the same filter serves the past ("last 7 days") and
/// the future ("next 24 hours"), and it is indexed alone and per service.
/// </summary>
public sealed record CallbackFilter
{
    public DatePreset Preset { get; init; } = DatePreset.Last7Days;
    /// <summary>Custom range start (inclusive), UTC; null for an open start.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Custom range end (exclusive), UTC; null for an open end.</summary>
    public DateTimeOffset? To { get; init; }
    public IReadOnlyCollection<CallbackState> States { get; init; } = [];
    public IReadOnlyCollection<CompletionReason> Reasons { get; init; } = [];
    public IReadOnlyCollection<Guid> Services { get; init; } = [];
    /// <summary>A number as a person types it; normalised to E.164 with each service's default country.</summary>
    public string? Phone { get; init; }
    /// <summary>Words looked for in the first and last name, email and notes.</summary>
    public string? Text { get; init; }
    public CallbackSort Sort { get; init; } = CallbackSort.DesiredTime;
    public bool Descending { get; init; } = true;

    public const int MaxTextLength = 100;

    /// <summary>The earliest and latest year a custom range may name (beyond them a range is a typo, not a question).</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>The range the preset stands for at <paramref name="now"/>, or why it is impossible.</summary>
    public DateRange Range(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return Preset switch
        {
            DatePreset.Last24Hours => new(now.AddHours(-24), now),
            DatePreset.Last7Days => new(now.AddDays(-7), now),
            DatePreset.Last30Days => new(now.AddDays(-30), now),
            DatePreset.Today => new(today, today.AddDays(1)),
            DatePreset.Next24Hours => new(now, now.AddHours(24)),
            DatePreset.Next7Days => new(now, now.AddDays(7)),
            DatePreset.Next30Days => new(now, now.AddDays(30)),
            _ => CustomRange(),
        };
    }

    private DateRange CustomRange()
    {
        if (From is { } from && (from.Year < FirstYear || from.Year > LastYear) || To is { } to && (to.Year < FirstYear || to.Year > LastYear))
        {
            return DateRange.Impossible($"Dates must lie between the years {FirstYear} and {LastYear}.");
        }
        if (From > To)
        {
            return DateRange.Impossible("The range starts after it ends: choose a 'from' before the 'to'.");
        }
        return new(From?.ToUniversalTime(), To?.ToUniversalTime());
    }

    /// <summary>What is wrong with the filter as a whole (null when it can be run).</summary>
    public string? Problem(DateTimeOffset now)
    {
        if (Range(now).Problem is { } problem)
        {
            return problem;
        }
        if (Text is { Length: > MaxTextLength })
        {
            return $"The search text may be at most {MaxTextLength} characters long.";
        }
        return null;
    }
}

/// <summary>A half-open range of desired times [From, To); either end may be open; <see cref="Problem"/> says why there is none.</summary>
public sealed record DateRange(DateTimeOffset? From, DateTimeOffset? To, string? Problem = null)
{
    public static DateRange Impossible(string problem) => new(null, null, problem);
}
