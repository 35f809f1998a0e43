using System.Security.Cryptography;
using System.Text.Json;
using CallbackPortal.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallbackPortal.Tests.Integration;

/// <summary>Firebase service accounts made up for tests: a real RSA key, so signatures can be checked with its public half.</summary>
internal sealed class PushTestAccount : IDisposable
{
    public PushTestAccount(string tokenUri, string projectId = "shop-app-1234")
    {
        Json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = projectId,
            ["private_key_id"] = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
            ["private_key"] = Key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = $"push-sender@{projectId}.iam.gserviceaccount.com",
            ["client_id"] = "103456789012345678901",
            ["token_uri"] = tokenUri,
        });
    }

    public RSA Key { get; } = RSA.Create(2048);

    /// <summary>The key file as Firebase's console downloads it.</summary>
    public string Json { get; }

    /// <summary>A line of the private key's PEM body: must never appear in a page or the database.</summary>
    public string PrivateKeyLine => Key.ExportPkcs8PrivateKeyPem().Split('\n')[3];

    public static SecretProtector Secrets() => new(DataProtectionProvider.Create("push-tests"), NullLogger<SecretProtector>.Instance);

    /// <summary>The key file with one field replaced (null removes it).</summary>
    public string With(string field, string? value)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(Json)!;
        if (value is null)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = value;
        }
        return JsonSerializer.Serialize(fields);
    }

    public void Dispose() => Key.Dispose();
}
