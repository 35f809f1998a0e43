using System.Globalization;

namespace CallbackPortal.Push;

/// <summary>
/// The short texts a consumer's device shows, in the callback's language (English, German, French, Spanish; English
/// for any other). Kept short: a lock screen shows a line or two.
/// </summary>
public static class PushTexts
{
    private sealed record Words(
        string ConfirmedTitle, string InMinutes, string WhenFree, string AtTime,
        string ComingTitle, string ComingBody, string CancelledTitle, string CancelledBody, string FailedTitle, string FailedBody);

    private static readonly Dictionary<string, Words> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new("Callback confirmed", "We'll call you in about {0} min.", "We'll call you as soon as an agent is free.", "We'll call you at {0}.",
            "Your call is coming", "An agent will call you in a few minutes.", "Callback cancelled", "Your callback was cancelled.",
            "We could not reach you", "Your callback could not take place. Please request a new one."),
        ["de"] = new("Rückruf bestätigt", "Wir rufen Sie in etwa {0} Min. an.", "Wir rufen Sie an, sobald ein Mitarbeiter frei ist.", "Wir rufen Sie am {0} an.",
            "Ihr Anruf kommt gleich", "Ein Mitarbeiter ruft Sie in wenigen Minuten an.", "Rückruf storniert", "Ihr Rückruf wurde storniert.",
            "Wir konnten Sie nicht erreichen", "Ihr Rückruf konnte nicht stattfinden. Bitte fordern Sie einen neuen an."),
        ["fr"] = new("Rappel confirmé", "Nous vous appelons dans environ {0} min.", "Nous vous appelons dès qu'un conseiller est disponible.", "Nous vous appelons le {0}.",
            "Votre appel arrive", "Un conseiller vous appelle dans quelques minutes.", "Rappel annulé", "Votre rappel a été annulé.",
            "Nous n'avons pas pu vous joindre", "Votre rappel n'a pas pu avoir lieu. Merci d'en demander un nouveau."),
        ["es"] = new("Llamada confirmada", "Le llamaremos en unos {0} min.", "Le llamaremos en cuanto un agente esté libre.", "Le llamaremos el {0}.",
            "Su llamada está en camino", "Un agente le llamará en unos minutos.", "Llamada cancelada", "Su llamada fue cancelada.",
            "No pudimos contactarle", "Su llamada no pudo realizarse. Solicite una nueva."),
    };

    /// <summary>The title alone (the timeline names a notification by its English title).</summary>
    public static string Title(PushEvent pushEvent, string? language = null)
    {
        var words = For(language);
        return pushEvent switch
        {
            PushEvent.Confirmed => words.ConfirmedTitle,
            PushEvent.Coming => words.ComingTitle,
            PushEvent.Cancelled => words.CancelledTitle,
            _ => words.FailedTitle,
        };
    }

    /// <summary>The body. A confirmation tells the wait in minutes (ASAP with an estimate) or the scheduled time on the service's clock.</summary>
    /// <param name="ewtSeconds">The estimate the consumer was offered; null or negative when there was none.</param>
    public static string Body(PushEvent pushEvent, string? language, bool immediate, int? ewtSeconds, DateTimeOffset desiredTime, TimeZoneInfo zone)
    {
        var words = For(language);
        var culture = CultureOf(language);
        return pushEvent switch
        {
            PushEvent.Confirmed when !immediate =>
                string.Format(culture, words.AtTime, TimeZoneInfo.ConvertTime(desiredTime, zone).ToString("g", culture)),
            PushEvent.Confirmed when ewtSeconds is > 0 => string.Format(culture, words.InMinutes, Math.Max(1, (ewtSeconds.Value + 59) / 60)),
            PushEvent.Confirmed => words.WhenFree,
            PushEvent.Coming => words.ComingBody,
            PushEvent.Cancelled => words.CancelledBody,
            _ => words.FailedBody,
        };
    }

    private static Words For(string? language) => ByLanguage.TryGetValue(TwoLetters(language), out var words) ? words : ByLanguage["en"];

    private static CultureInfo CultureOf(string? language) =>
        ByLanguage.ContainsKey(TwoLetters(language)) ? CultureInfo.GetCultureInfo(TwoLetters(language)) : CultureInfo.GetCultureInfo("en");

    private static string TwoLetters(string? language) =>
        string.IsNullOrWhiteSpace(language) ? "en" : language.Trim().Split('-', '_')[0];
}
