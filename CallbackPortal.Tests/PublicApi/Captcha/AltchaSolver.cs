using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallbackPortal.PublicApi.Captcha;

namespace CallbackPortal.Tests.PublicApi.Captcha;

/// <summary>What the ALTCHA widget does in the browser: brute-force the number, then submit base64 of the JSON payload.</summary>
internal static class AltchaSolver
{
    public static long FindNumber(AltchaChallenge challenge)
    {
        for (long n = 0; n <= challenge.MaxNumber; n++)
        {
            if (Hash(challenge.Salt, n) == challenge.Challenge)
            {
                return n;
            }
        }
        throw new InvalidOperationException("The challenge has no solution up to its maxnumber.");
    }

    public static string Solve(AltchaChallenge challenge) => Payload(challenge, FindNumber(challenge));

    public static string Payload(AltchaChallenge challenge, long number, string? salt = null, string? signature = null, string? algorithm = null) =>
        Encode(new Dictionary<string, object>
        {
            ["algorithm"] = algorithm ?? challenge.Algorithm,
            ["challenge"] = salt is null ? challenge.Challenge : Hash(salt, number),
            ["number"] = number,
            ["salt"] = salt ?? challenge.Salt,
            ["signature"] = signature ?? challenge.Signature,
            ["took"] = 42,
        });

    public static string Encode(object json) => Base64(JsonSerializer.Serialize(json));

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Hash(string salt, long number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));
}
