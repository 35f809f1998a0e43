using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace CallbackPortal.Rules;

/// <summary>What matching one blocked pattern against a number gave.</summary>
internal enum PatternOutcome
{
    NoMatch,
    Match,

    /// <summary>The regular expression ran past its time limit: treated as a match, since a blocked range must never be dialed by accident.</summary>
    TimedOut,

    /// <summary>The regular expression does not compile (it slipped past validation): treated as a match for the same reason.</summary>
    Invalid,
}

/// <summary>Matches blocked patterns against E.164 numbers; regular expressions are parsed once and cached.</summary>
internal static class PatternMatcher
{
    /// <summary>How long one regular expression may run against one number.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    // Enough for every pattern of every service of a large installation; past it the cache starts over
    // rather than growing without bound when patterns are edited again and again.
    private const int MaxCachedRegexes = 2_048;

    private static readonly ConcurrentDictionary<string, Regex?> Regexes = new(StringComparer.Ordinal);

    public static PatternOutcome Match(BlockedPattern pattern, string e164)
    {
        var text = pattern.Pattern ?? "";
        if (pattern.Kind == PatternKind.Regex)
        {
            return text.Length == 0 ? PatternOutcome.NoMatch : MatchRegex(text, e164);
        }

        var glob = Normalise(text);
        // A blank row in the form blocks nothing (validation reports it); it must not block everything.
        return glob.Length > 0 && Glob(e164, glob, pattern.Kind == PatternKind.Prefix) ? PatternOutcome.Match : PatternOutcome.NoMatch;
    }

    /// <summary>The pattern without the spaces and dashes people type to group digits.</summary>
    public static string Normalise(string pattern) =>
        pattern.AsSpan().IndexOfAny(' ', '-') < 0 ? pattern : pattern.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>Why a regular expression does not compile, or null when it does.</summary>
    public static string? CompileError(string pattern)
    {
        try
        {
            _ = Create(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static PatternOutcome MatchRegex(string pattern, string e164)
    {
        var regex = Regexes.GetOrAdd(pattern, static p =>
        {
            if (Regexes.Count >= MaxCachedRegexes)
            {
                Regexes.Clear();
            }
            try
            {
                return Create(p);
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
        if (regex is null)
        {
            return PatternOutcome.Invalid;
        }

        try
        {
            return regex.IsMatch(e164) ? PatternOutcome.Match : PatternOutcome.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return PatternOutcome.TimedOut;
        }
    }

    private static Regex Create(string pattern) => new(pattern, RegexOptions.CultureInvariant, RegexTimeout);

    // '*' is any run of characters, '?' one character; a prefix pattern also matches when the number goes on after it.
    // Iterative, backtracking only to the last '*': linear in practice and never catastrophic.
    private static bool Glob(string text, string pattern, bool prefix)
    {
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (prefix && p == pattern.Length)
            {
                return true;
            }
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
