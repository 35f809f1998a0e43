using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallbackPortal.Callbacks;

namespace CallbackPortal.PublicApi;

/// <summary>
/// Reads a JSON request body with a size cap and turns every way it can be wrong (not JSON, wrong types,
/// too deep, too big, not UTF-8) into a <see cref="DomainException"/> with a stable code, never a 500.
/// Keeps the raw bytes' hash for idempotency checks.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 16,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new UtcTimeConverter() },
    };

    public sealed record Read<T>(T Value, string Sha256);

    /// <param name="acceptPlainText">Also read a <c>text/plain</c> body as JSON (what <c>navigator.sendBeacon</c> sends without a CORS preflight).</param>
    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct, bool acceptPlainText = false) where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            throw new DomainException("payload-too-large", $"The body may be at most {MaxBytes / 1024} KB.");
        }
        if (!request.HasJsonContentType() && !(acceptPlainText && IsPlainText(request)))
        {
            throw new DomainException("unsupported-media-type", "Send the body as application/json.");
        }
        var bytes = await ReadCappedAsync(request.Body, ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length == 0)
        {
            throw new DomainException("validation-failed", "A JSON body is required.");
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Options)
                ?? throw new DomainException("validation-failed", "A JSON object is required, not null.");
            RequireReadableStrings(bytes);
            return new Read<T>(value, hash);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or DecoderFallbackException)
        {
            // Invalid UTF-8 or a string that cannot be transcoded.
            throw new DomainException("validation-failed", "The body is not valid UTF-8 JSON.",
                new Dictionary<string, string[]> { ["body"] = ["The text is not valid UTF-8."] });
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            throw new DomainException("validation-failed", "The body is not valid JSON of the expected shape.",
                new Dictionary<string, string[]> { [field] = [Describe(e)] });
        }
    }

    /// <summary>
    /// Free-form parts of a body (userData, push, metadata) are kept as <see cref="JsonElement"/> and their strings
    /// read later; one with a lone surrogate (<c>"\ud800"</c>) would throw there, as a 500. Reading every string once
    /// here turns it into the same refusal as invalid UTF-8.
    /// </summary>
    private static void RequireReadableStrings(byte[] bytes)
    {
        var json = bytes.AsSpan();
        if (json.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                reader.GetString();
            }
        }
    }

    private static bool IsPlainText(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);

    private static string Describe(JsonException e) =>
        e.Path is null or "$" ? "This is not a JSON object of the expected shape." : "This value has the wrong type or format.";

    private static async Task<byte[]> ReadCappedAsync(Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var copy = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (copy.Length + read > MaxBytes)
                {
                    throw new DomainException("payload-too-large", $"The body may be at most {MaxBytes / 1024} KB.");
                }
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
