using System.Text.Json.Serialization;

namespace CallbackPortal.Rules;

/// <summary>At most <see cref="Limit"/> accepted requests in any window of <see cref="WindowSeconds"/>; a limit of 0 turns the throttle off.</summary>
public sealed class ThrottleLimit
{
    /// <summary>An empty throttle, for deserialisation and forms.</summary>
    public ThrottleLimit()
    {
    }

    /// <summary>A throttle of <paramref name="limit"/> requests per <paramref name="windowSeconds"/>.</summary>
    public ThrottleLimit(int limit, int windowSeconds)
    {
        Limit = limit;
        WindowSeconds = windowSeconds;
    }

    /// <summary>Requests accepted per window; 0 means no limit.</summary>
    public int Limit { get; set; }

    /// <summary>Length of the sliding window, 1 s to 30 days.</summary>
    public int WindowSeconds { get; set; }

    /// <summary>True when the throttle limits anything.</summary>
    [JsonIgnore]
    public bool IsOn => Limit > 0;

    /// <summary>The window as a <see cref="TimeSpan"/>.</summary>
    [JsonIgnore]
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
