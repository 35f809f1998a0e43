using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallbackPortal.Push;

/// <summary>
/// A notification as both senders take it. <paramref name="Tag"/> lets a newer notification replace an older one on
/// the device (the "your call is coming" update replaces the confirmation); <paramref name="Data"/> goes to the app.
/// </summary>
public sealed record PushMessage(string Title, string Body, IReadOnlyDictionary<string, string>? Data = null, string? Tag = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The Web Push payload that the widget's service worker reads: <c>{"title","body","data","tag"}</c> in UTF-8.</summary>
    public byte[] ToWebPushPayload() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}
