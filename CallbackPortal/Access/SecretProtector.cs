using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CallbackPortal.Access;

/// <summary>
/// Protects secrets an administrator enters (a CAPTCHA provider's secret, later other integration keys) before they
/// are stored, with the installation's Data Protection key ring. Only the protected form is ever persisted.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider dataProtection, ILogger<SecretProtector> logger)
{
    public const string Purpose = "CallbackPortal.Secrets.v1";
    private const int VisibleTail = 4;
    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);

    public string Protect(string plain)
    {
        ArgumentException.ThrowIfNullOrEmpty(plain);
        return protector.Protect(plain);
    }

    /// <summary>The plain secret, or null when there is none or it cannot be read (tampered, or the key ring that protected it is gone).</summary>
    public string? Unprotect(string? protectedValue)
    {
        if (string.IsNullOrEmpty(protectedValue))
        {
            return null;
        }
        try
        {
            return protector.Unprotect(protectedValue);
        }
        catch (CryptographicException e)
        {
            logger.LogWarning("A stored secret cannot be read and must be entered again: {Reason}", e.Message);
            return null;
        }
    }

    /// <summary>What a page may show of a secret: its last four characters (none when it is short), e.g. "••••abcd".</summary>
    public static string Mask(string? plain)
    {
        if (string.IsNullOrEmpty(plain))
        {
            return "";
        }
        // Showing the tail of a short secret would give away too much of it.
        return plain.Length <= 2 * VisibleTail ? "••••" : "••••" + plain[^VisibleTail..];
    }
}
