using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallbackPortal.Push;

/// <summary>
/// The parts of a Firebase service account's JSON key file that sending needs: which project, which account, its
/// private key (PEM, a secret) and where the account trades a signed assertion for an access token.
/// </summary>
public sealed record FcmCredentials(string ProjectId, string ClientEmail, string PrivateKeyPem, string? PrivateKeyId, string TokenUri)
{
    /// <summary>What an access token for sending FCM messages must be allowed.</summary>
    public const string MessagingScope = "https://www.googleapis.com/auth/firebase.messaging";
    public const string Algorithm = "RS256";
    private const int MaxJsonLength = 16 * 1024;
    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromHours(1);

    /// <summary>Reads a pasted service-account JSON; the problems say what is wrong with it in words (empty when usable).</summary>
    public static (FcmCredentials? Credentials, IReadOnlyList<string> Problems) Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, ["Paste the service account's JSON key file."]);
        }
        if (json.Length > MaxJsonLength)
        {
            return (null, [$"That is longer than a service account key file (at most {MaxJsonLength / 1024} KB)."]);
        }
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, [$"This is not valid JSON ({e.Message})."]);
        }
        if (root is null)
        {
            return (null, ["The key file must be a JSON object."]);
        }
        string? Text(string name) => root[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

        var problems = new List<string>();
        if (Text("type") != "service_account")
        {
            problems.Add("\"type\" must be \"service_account\" (download the key of a service account, not an OAuth client).");
        }
        var projectId = Text("project_id");
        if (projectId is null)
        {
            problems.Add("\"project_id\" is missing.");
        }
        var clientEmail = Text("client_email");
        if (clientEmail is null || !MailAddress.TryCreate(clientEmail, out _))
        {
            problems.Add("\"client_email\" is missing or not an e-mail address.");
        }
        var privateKey = Text("private_key");
        if (privateKey is null || !CanSignWith(privateKey))
        {
            problems.Add("\"private_key\" is missing or not a PEM RSA private key.");
        }
        var tokenUri = Text("token_uri");
        if (!IsTokenUri(tokenUri))
        {
            problems.Add("\"token_uri\" is missing or not an https URL.");
        }
        return problems.Count > 0
            ? (null, problems)
            : (new FcmCredentials(projectId!, clientEmail!, privateKey!, Text("private_key_id"), tokenUri!), problems);
    }

    /// <summary>An https URL; plain http only on this machine (a local stand-in of the token service).</summary>
    public static bool IsTokenUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>The signed JWT assertion of the OAuth 2.0 JWT bearer grant (RFC 7523) that asks for a messaging token.</summary>
    public string SignAssertion(DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(PrivateKeyPem);
        var claims = new JsonObject
        {
            ["iss"] = ClientEmail,
            ["scope"] = MessagingScope,
            ["aud"] = TokenUri,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + AssertionLifetime).ToUnixTimeSeconds(),
        };
        return CompactJwt.Create(Algorithm, claims, data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Without the private key: records print their members, and this one must never reach a log.</summary>
    public override string ToString() => $"FCM service account {ClientEmail} of {ProjectId}";

    private static bool CanSignWith(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.KeySize >= 2048 && rsa.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
