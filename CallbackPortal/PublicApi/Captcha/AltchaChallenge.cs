using System.Text.Json.Serialization;

namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// A proof-of-work challenge in the JSON shape the ALTCHA widget fetches from its <c>challengeurl</c>:
/// find the number n ≤ <see cref="MaxNumber"/> for which SHA-256(<see cref="Salt"/> + n) is <see cref="Challenge"/>.
/// </summary>
public sealed record AltchaChallenge(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("maxnumber")] int MaxNumber,
    [property: JsonPropertyName("salt")] string Salt,
    [property: JsonPropertyName("signature")] string Signature);

/// <summary>What the ALTCHA widget submits, base64-encoded: the challenge it was given and the number it found.</summary>
internal sealed record AltchaSolution(
    [property: JsonPropertyName("algorithm")] string? Algorithm,
    [property: JsonPropertyName("challenge")] string? Challenge,
    [property: JsonPropertyName("number")] long? Number,
    [property: JsonPropertyName("salt")] string? Salt,
    [property: JsonPropertyName("signature")] string? Signature);
