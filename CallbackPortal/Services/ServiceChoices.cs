using System.Globalization;
using PhoneNumbers;

namespace CallbackPortal.Services;

/// <summary>A value an administrator picks from a list, with the words shown for it.</summary>
public sealed record Choice(string Value, string Text);

/// <summary>The lists a service's pickers offer: countries the number library knows, IANA time zones, languages.</summary>
public static class ServiceChoices
{
    /// <summary>Regions libphonenumber knows that .NET has no name for (declared before <see cref="Countries"/>, which is built from it).</summary>
    private static readonly Dictionary<string, string> UnnamedRegions = new(StringComparer.Ordinal)
    {
        ["AC"] = "Ascension Island",
        ["EH"] = "Western Sahara",
        ["TA"] = "Tristan da Cunha",
    };

    /// <summary>ISO 3166 regions libphonenumber can parse numbers of, with their English names, by name.</summary>
    public static IReadOnlyList<Choice> Countries { get; } =
        [.. PhoneNumberUtil.GetInstance().GetSupportedRegions().Select(code => new Choice(code, $"{CountryName(code)} ({code})")).OrderBy(c => c.Text, StringComparer.Ordinal)];

    /// <summary>The IANA time zones of this machine, with their current offset from UTC, by id.</summary>
    public static IReadOnlyList<Choice> TimeZones(DateTimeOffset now) =>
        [.. TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && OfficeHours.FindZone(z.Id) is not null)
            .Select(z => new Choice(z.Id, $"{z.Id} (UTC{Offset(z.GetUtcOffset(now))})"))
            .OrderBy(z => z.Value, StringComparer.Ordinal)];

    /// <summary>Language tags of specific cultures (en-US, de-DE…) with their English names.</summary>
    public static IReadOnlyList<Choice> Languages { get; } =
        [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => c.Name.Length is > 0 and <= 35)
            .Select(c => new Choice(c.Name, $"{c.EnglishName} ({c.Name})"))
            .DistinctBy(c => c.Value)
            .OrderBy(c => c.Text, StringComparer.Ordinal)];

    public static bool IsCountry(string? code) => code is not null && Countries.Any(c => c.Value == code);

    /// <summary>True for a specific culture's tag this machine knows (en-US, not en or xx-YY).</summary>
    public static bool IsLanguage(string? tag) => tag is not null && Languages.Any(c => string.Equals(c.Value, tag, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Choices whose words contain <paramref name="text"/>; all of them for empty text or for exactly one choice's words
    /// (a picker opened on its current choice lists every choice, not just that one).
    /// </summary>
    public static IEnumerable<string> Search(IReadOnlyList<Choice> choices, string? text) =>
        (string.IsNullOrWhiteSpace(text) || choices.Any(c => c.Text == text) ? choices : choices.Where(c => c.Text.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Value);

    /// <summary>The words shown for <paramref name="value"/> (the value itself when it is not a choice).</summary>
    public static string TextOf(IReadOnlyList<Choice> choices, string? value) => choices.FirstOrDefault(c => c.Value == value)?.Text ?? value ?? "";

    /// <summary>The English name of an ISO region code (the code itself when nobody knows it).</summary>
    public static string CountryName(string code)
    {
        if (UnnamedRegions.TryGetValue(code, out var name))
        {
            return name;
        }
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
