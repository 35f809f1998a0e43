using System.Xml;
using System.Xml.Linq;

namespace CallbackPortal.Telephony.Simulator;

/// <param name="Action">Where to post the dial's outcome (absolute or relative to the instructions URL); null when none.</param>
/// <param name="Target">The number or SIP address dialled.</param>
internal sealed record TwimlDial(string? Action, string Method, string Target);

/// <summary>Reads the one thing the simulator acts on in a TwiML answer: a &lt;Dial&gt; and whom it dials.</summary>
internal static class TwimlReader
{
    public static TwimlDial? FindDial(string? twiml)
    {
        if (string.IsNullOrWhiteSpace(twiml))
        {
            return null;
        }
        try
        {
            using var reader = XmlReader.Create(new StringReader(twiml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            var dial = XDocument.Load(reader).Root?.Element("Dial");
            if (dial is null)
            {
                return null;
            }
            var target = (dial.Element("Number") ?? dial.Element("Sip"))?.Value ?? dial.Value;
            var action = (string?)dial.Attribute("action");
            var method = (string?)dial.Attribute("method") ?? "POST";
            return string.IsNullOrWhiteSpace(target) ? null : new TwimlDial(string.IsNullOrWhiteSpace(action) ? null : action, method, target.Trim());
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
