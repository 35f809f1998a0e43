namespace CallbackPortal.PublicApi.Captcha;

/// <summary>
/// A proof-of-work challenge that has been accepted once. Its primary key is what makes a second use fail, atomically,
/// even when two processes verify the same payload at the same moment. Kept until the challenge would have expired anyway.
/// </summary>
public sealed class UsedCaptchaChallenge
{
    /// <summary>The challenge: SHA-256 of salt and number, lower-case hex.</summary>
    public string ChallengeHash { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}
