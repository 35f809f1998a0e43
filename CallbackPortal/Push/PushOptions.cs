using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Push;

/// <summary>Settings of the push senders (section <c>Push</c>).</summary>
public sealed class PushOptions : IValidatableObject
{
    public const string Section = "Push";

    /// <summary>Where FCM HTTP v1 is (Google's by default; a local stand-in in tests).</summary>
    public string FcmBaseUrl { get; set; } = "https://fcm.googleapis.com";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!FcmCredentials.IsTokenUri(FcmBaseUrl))
        {
            yield return new ValidationResult("must be an https URL (plain http only on the loopback address)", [nameof(FcmBaseUrl)]);
        }
    }
}
