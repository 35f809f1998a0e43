using System.Text.Json.Serialization;
using PhoneNumbers;

namespace CallbackPortal.Rules;

/// <summary>The type of a phone number as libphonenumber classifies it, stored by name in service rules.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NumberKind>))]
public enum NumberKind
{
    /// <summary>A geographic landline.</summary>
    FixedLine,

    /// <summary>A mobile number.</summary>
    Mobile,

    /// <summary>A number whose plan does not tell landlines from mobiles (all of NANP: US, Canada, …).</summary>
    FixedLineOrMobile,

    /// <summary>Free for the caller (800, 0800, 1800, …).</summary>
    TollFree,

    /// <summary>The caller pays a surcharge to the number's owner: the classic toll-fraud target.</summary>
    PremiumRate,

    /// <summary>The cost is split between caller and owner (0845, 01801, …).</summary>
    SharedCost,

    /// <summary>A voice-over-IP number.</summary>
    Voip,

    /// <summary>A follow-me number that forwards anywhere, often at a premium (UK 070).</summary>
    PersonalNumber,

    /// <summary>A pager.</summary>
    Pager,

    /// <summary>A universal access number (a company's nationwide number).</summary>
    Uan,

    /// <summary>Direct access to a voicemail box.</summary>
    Voicemail,

    /// <summary>A number libphonenumber cannot classify.</summary>
    Unknown,
}

/// <summary>Maps libphonenumber's types and names kinds in plain words.</summary>
internal static class NumberKinds
{
    public static NumberKind From(PhoneNumberType type) => type switch
    {
        PhoneNumberType.FIXED_LINE => NumberKind.FixedLine,
        PhoneNumberType.MOBILE => NumberKind.Mobile,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => NumberKind.FixedLineOrMobile,
        PhoneNumberType.TOLL_FREE => NumberKind.TollFree,
        PhoneNumberType.PREMIUM_RATE => NumberKind.PremiumRate,
        PhoneNumberType.SHARED_COST => NumberKind.SharedCost,
        PhoneNumberType.VOIP => NumberKind.Voip,
        PhoneNumberType.PERSONAL_NUMBER => NumberKind.PersonalNumber,
        PhoneNumberType.PAGER => NumberKind.Pager,
        PhoneNumberType.UAN => NumberKind.Uan,
        PhoneNumberType.VOICEMAIL => NumberKind.Voicemail,
        _ => NumberKind.Unknown,
    };

    /// <summary>The kind as a supervisor would say it, as in "a premium-rate number".</summary>
    public static string Describe(NumberKind kind) => kind switch
    {
        NumberKind.FixedLine => "fixed-line",
        NumberKind.Mobile => "mobile",
        NumberKind.FixedLineOrMobile => "fixed-line or mobile",
        NumberKind.TollFree => "toll-free",
        NumberKind.PremiumRate => "premium-rate",
        NumberKind.SharedCost => "shared-cost",
        NumberKind.Voip => "VoIP",
        NumberKind.PersonalNumber => "personal",
        NumberKind.Pager => "pager",
        NumberKind.Uan => "universal access",
        NumberKind.Voicemail => "voicemail",
        _ => "unclassified",
    };

    // Every description but "unclassified" starts with a consonant sound.
    public static string WithArticle(NumberKind kind) => (kind == NumberKind.Unknown ? "an " : "a ") + Describe(kind);
}
