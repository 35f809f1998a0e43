using System.Globalization;

namespace CallbackPortal.Rules;

/// <summary>Durations and counts worded the way explanations and rule values show them.</summary>
internal static class RuleText
{
    /// <summary>"24 h", "5 min", "90 s", "7 d".</summary>
    public static string Window(int seconds) => seconds switch
    {
        >= 2 * 86_400 when seconds % 86_400 == 0 => Invariant($"{seconds / 86_400} d"),
        > 0 when seconds % 3_600 == 0 => Invariant($"{seconds / 3_600} h"),
        > 0 when seconds % 60 == 0 => Invariant($"{seconds / 60} min"),
        _ => Invariant($"{seconds} s"),
    };

    /// <summary>"6 of 6 in 24 h".</summary>
    public static string Usage(ThrottleFact fact) => Invariant($"{fact.Count} of {fact.Limit.Limit} in {Window(fact.Limit.WindowSeconds)}");

    /// <summary>"3 h 5 min", "4 min 12 s", "42 s": whole seconds, rounded up, minutes dropped below an hour's precision.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        var (h, m, s) = (seconds / 3_600, seconds % 3_600 / 60, seconds % 60);
        return (h, m, s) switch
        {
            ( > 0, 0, _) => Invariant($"{h} h"),
            ( > 0, _, _) => Invariant($"{h} h {m} min"),
            (_, > 0, 0) => Invariant($"{m} min"),
            (_, > 0, _) => Invariant($"{m} min {s} s"),
            _ => Invariant($"{s} s"),
        };
    }

    /// <summary>A sentence of another component ("The slot starting …") continued after a colon.</summary>
    public static string Continue(string sentence) =>
        sentence.Length > 1 && char.IsUpper(sentence[0]) && char.IsLower(sentence[1]) ? char.ToLowerInvariant(sentence[0]) + sentence[1..] : sentence;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
