using System.Globalization;
using System.Text;

namespace CallbackPortal.Push;

/// <summary>What became of one notification, from the caller's point of view.</summary>
public enum PushOutcome
{
    /// <summary>The push service took the message.</summary>
    Delivered,
    /// <summary>The subscription or device token no longer exists: remove it, never send to it again.</summary>
    Gone,
    /// <summary>The message is larger than the push service takes.</summary>
    TooBig,
    /// <summary>The push service is busy or did not answer: try again later (after <see cref="PushDelivery.RetryAfter"/> when given).</summary>
    RetryLater,
    /// <summary>The stored subscription's keys are unusable; nothing was sent.</summary>
    SubscriptionInvalid,
    /// <summary>The push service refused the message for another reason; sending it again will not help.</summary>
    Failed,
}

/// <summary>
/// One send's outcome with the provider's own answer (status and the start of its body) for the callback's timeline.
/// </summary>
public sealed record PushDelivery(PushOutcome Outcome, int? ProviderStatus, string? ProviderAnswer, TimeSpan? RetryAfter = null)
{
    /// <summary>How much of a provider's body is kept: enough for its error words, never a whole page.</summary>
    public const int MaxAnswerLength = 300;
    private const int MaxAnswerBytes = 4096;

    public static PushDelivery NotSent(PushOutcome outcome, string reason) => new(outcome, null, reason);

    /// <summary>The start of the response body as text, read without buffering more than a few kilobytes.</summary>
    public static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxAnswerBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }
        return Clip(Encoding.UTF8.GetString(buffer, 0, length).Trim());
    }

    public static string Clip(string text) => text.Length <= MaxAnswerLength ? text : text[..MaxAnswerLength] + "…";

    /// <summary>The wait a 429 or 503 asks for (RFC 9110 §10.2.3: seconds or an HTTP date), never negative.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header?.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }
        return null;
    }

    public override string ToString() =>
        ProviderStatus is { } status
            ? $"{Outcome} (HTTP {status.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(ProviderAnswer) ? "" : ": " + ProviderAnswer)})"
            : $"{Outcome} ({ProviderAnswer})";
}
