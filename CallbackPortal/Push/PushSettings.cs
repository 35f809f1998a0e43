namespace CallbackPortal.Push;

/// <summary>
/// A service's push notification providers (DOMAIN.md §6): Web Push with the service's VAPID key pair, and Firebase
/// Cloud Messaging with a service account. Private keys are stored protected with Data Protection, never shown.
/// </summary>
public sealed partial class PushSettings
{
    public bool WebPushEnabled { get; set; }
    /// <summary>The VAPID public key (uncompressed P-256 point, base64url) that browsers subscribe with.</summary>
    public string? VapidPublicKey { get; set; }
    /// <summary>The VAPID private key (PKCS#8), protected.</summary>
    public string? VapidPrivateKeyProtected { get; set; }
    /// <summary>The contact the push services may reach (<c>mailto:</c> or <c>https:</c>), sent in the VAPID token.</summary>
    public string? VapidSubject { get; set; }

    public bool FcmEnabled { get; set; }
    public string? FcmProjectId { get; set; }
    public string? FcmClientEmail { get; set; }
    /// <summary>The service account's private key (PEM), protected.</summary>
    public string? FcmPrivateKeyProtected { get; set; }
    /// <summary>The id Google gives the service account's key (not a secret): tells an administrator which key is stored.</summary>
    public string? FcmPrivateKeyId { get; set; }
    /// <summary>The OAuth token endpoint of the service account (Google's by default; a stand-in in tests).</summary>
    public string? FcmTokenUri { get; set; }
}
