using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallbackPortal.PublicApi;

/// <summary>Writes every time in the API as ISO 8601 UTC with a <c>Z</c> (API.md), whatever offset it was held in.</summary>
public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
