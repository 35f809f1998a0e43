namespace CallbackPortal.Telephony;

/// <summary>
/// The account the adapter speaks for: where the Twilio-compatible API is, and the credentials that authenticate
/// requests to it and sign its webhooks to us. With the simulator it is the simulator's generated account.
/// </summary>
/// <remarks>The token is a secret: this type has no <c>ToString</c> that shows it, and nothing logs it.</remarks>
public sealed class TwilioAccount(string accountSid, string authToken, Func<string> apiBaseUrl)
{
    public string AccountSid { get; } = accountSid;

    public string AuthToken { get; } = authToken;

    /// <summary>Resolved on use: the simulator lives at the app's own address, known once the server listens.</summary>
    public string ApiBaseUrl => apiBaseUrl().TrimEnd('/');

    public static TwilioAccount FromOptions(TelephonyOptions options) =>
        new(options.AccountSid, options.AuthToken, () => options.BaseUrl);
}
