using System.Text.Json.Serialization;

namespace CallbackPortal.Rules;

/// <summary>How many open callbacks one number may have in one service.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DuplicateCheck>))]
public enum DuplicateCheck
{
    /// <summary>At most 2 open callbacks per number and service.</summary>
    Normal,

    /// <summary>At most 1 open callback per number and service.</summary>
    Strict,

    /// <summary>No limit.</summary>
    Off,
}

internal static class DuplicateChecks
{
    /// <summary>Open callbacks a number may already have for a new one to be accepted, or null when unlimited.</summary>
    public static int? MaxOpen(DuplicateCheck check) => check switch
    {
        DuplicateCheck.Normal => 2,
        DuplicateCheck.Strict => 1,
        _ => null,
    };
}
