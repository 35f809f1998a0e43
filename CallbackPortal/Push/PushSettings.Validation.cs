using System.Net.Mail;

namespace CallbackPortal.Push;

public sealed partial class PushSettings
{
    private const int MaxSubjectLength = 256;

    /// <summary>Both halves of the VAPID key pair are stored.</summary>
    public bool HasVapidKeys() => !string.IsNullOrEmpty(VapidPublicKey) && !string.IsNullOrEmpty(VapidPrivateKeyProtected);

    /// <summary>Everything the FCM token exchange needs is stored.</summary>
    public bool HasFcmCredentials() =>
        !string.IsNullOrEmpty(FcmProjectId) && !string.IsNullOrEmpty(FcmClientEmail)
        && !string.IsNullOrEmpty(FcmPrivateKeyProtected) && !string.IsNullOrEmpty(FcmTokenUri);

    /// <summary>A <c>mailto:</c> address or an <c>https:</c> URL, as RFC 8292 §2.1 asks of the VAPID subject.</summary>
    public static bool IsSubject(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubjectLength)
        {
            return false;
        }
        if (subject.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return MailAddress.TryCreate(subject["mailto:".Length..], out var address) && address.Address == subject["mailto:".Length..];
        }
        return Uri.TryCreate(subject, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);
    }

    /// <summary>What an administrator must fix, by property name; empty when the settings can be used.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (WebPushEnabled && !HasVapidKeys())
        {
            errors[nameof(WebPushEnabled)] = ["Generate the VAPID keys before turning Web Push on."];
        }
        if (!string.IsNullOrEmpty(VapidSubject) && !IsSubject(VapidSubject))
        {
            errors[nameof(VapidSubject)] = ["Use a mailto: address (mailto:push@example.com) or an https:// URL."];
        }
        else if (WebPushEnabled && string.IsNullOrEmpty(VapidSubject))
        {
            errors[nameof(VapidSubject)] = ["Push services want a contact: a mailto: address or an https:// URL."];
        }
        if (!string.IsNullOrEmpty(VapidPublicKey) && !VapidKeys.IsPublicKey(VapidPublicKey))
        {
            errors[nameof(VapidPublicKey)] = ["The stored public key is not a P-256 point; generate new keys."];
        }
        if (FcmEnabled && !HasFcmCredentials())
        {
            errors[nameof(FcmEnabled)] = ["Paste the service account's JSON key before turning FCM on."];
        }
        return errors;
    }
}
