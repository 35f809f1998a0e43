using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CallbackPortal.Telephony;

/// <summary>
/// Builds the TwiML the app answers with. Everything goes through <see cref="XElement"/>, so a greeting or number
/// holding <c>&lt;</c> or <c>&amp;</c> is escaped, never spliced into markup.
/// </summary>
public static class TwimlDocument
{
    public const string ContentType = "application/xml";
    private const string GoodbyeText = "This call is no longer needed. Goodbye.";

    /// <summary>Say the greeting, then bridge to the other party; the dial's outcome is posted to <paramref name="dialActionUrl"/>.</summary>
    public static byte[] Connect(CallInstructions instructions, string dialActionUrl, string? defaultCallerId, int ringTimeoutSeconds)
    {
        var response = new XElement("Response");
        if (!string.IsNullOrWhiteSpace(instructions.Greeting))
        {
            response.Add(Say(instructions.Greeting, instructions.Language));
        }
        if (string.IsNullOrWhiteSpace(instructions.ConnectTo))
        {
            response.Add(new XElement("Hangup"));
            return Serialize(response);
        }
        var dial = new XElement("Dial",
            new XAttribute("action", dialActionUrl),
            new XAttribute("method", "POST"),
            new XAttribute("timeout", ringTimeoutSeconds.ToString(CultureInfo.InvariantCulture)));
        var callerId = string.IsNullOrWhiteSpace(instructions.CallerId) ? defaultCallerId : instructions.CallerId;
        if (!string.IsNullOrWhiteSpace(callerId))
        {
            dial.Add(new XAttribute("callerId", callerId));
        }
        var target = instructions.ConnectTo.Trim();
        dial.Add(new XElement(target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? "Sip" : "Number", target));
        response.Add(dial);
        return Serialize(response);
    }

    /// <summary>For a call nobody wants any more: a polite sentence, then hang up.</summary>
    public static byte[] Goodbye() => Serialize(new XElement("Response", new XElement("Say", GoodbyeText), new XElement("Hangup")));

    public static byte[] HangUp() => Serialize(new XElement("Response", new XElement("Hangup")));

    private static XElement Say(string text, string? language)
    {
        var say = new XElement("Say", text);
        if (!string.IsNullOrWhiteSpace(language))
        {
            say.Add(new XAttribute("language", language));
        }
        return say;
    }

    private static byte[] Serialize(XElement response)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = false };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), response).Save(writer);
        }
        return buffer.ToArray();
    }
}
