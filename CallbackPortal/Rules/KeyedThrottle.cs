using System.Text.Json.Serialization;

namespace CallbackPortal.Rules;

/// <summary>Where the key of a <see cref="KeyedThrottle"/> comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThrottleKeySource>))]
public enum ThrottleKeySource
{
    /// <summary>A field of the request or a journey-context key, e.g. <c>email</c> or <c>userData.userId</c>.</summary>
    Field,

    /// <summary>An HTTP request header, e.g. <c>X-User-Id</c>.</summary>
    Header,
}

/// <summary>A throttle counted per value of a request field or header (for example per signed-in user of the consumer's app).</summary>
public sealed class KeyedThrottle
{
    /// <summary>Where the key is read.</summary>
    public ThrottleKeySource Source { get; set; }

    /// <summary>The field path or header name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Requests accepted per window and key; 0 means no limit.</summary>
    public int Limit { get; set; }

    /// <summary>Length of the sliding window, 1 s to 30 days.</summary>
    public int WindowSeconds { get; set; }

    /// <summary>The limit and window, as the <see cref="ThrottleFact"/> of a keyed window carries them.</summary>
    public ThrottleLimit ToLimit() => new(Limit, WindowSeconds);

    /// <summary>"header 'X-User-Id'" or "field 'userData.userId'", for explanations.</summary>
    public string Describe() => $"{(Source == ThrottleKeySource.Header ? "header" : "field")} '{Name}'";
}
