using System.Text;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>Form bodies (the telephony webhooks and the simulator) and query strings, well-formed and broken.</summary>
public static class FormAndQueryValues
{
    /// <summary>Values that are wrong for a number, an id, a status or a date, percent-encoded as they go on the wire (some deliberately badly).</summary>
    public static readonly string[] BadValues =
    [
        "", "-1", "0", "2147483648", "99999999999999999999", "abc", "1.5", "1e3", "NaN", "true", "%00", "%C3%28", "%ED%A0%80", "%F0%9F%93%9E",
        "%2F..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "%", "%zz", "completed%2Cfailed", new string('q', 3000),
    ];

    /// <summary>Time zones and dates for query parameters about time.</summary>
    public static readonly string[] BadTimes =
    [
        "%2B25%3A00", "Mars%2FOlympus", "UTC%00", "Etc%2FGMT%2B99", "..%2F..%2Fetc%2Flocaltime", .. JsonBodies.AbsurdTimes.Select(Uri.EscapeDataString),
    ];

    /// <summary>A well-formed form for each webhook that the app answers without storing anything (unknown attempts, no call to place).</summary>
    public static IReadOnlyList<(string Name, string Value)> SampleForm(CorpusEndpoint endpoint)
    {
        const string CallSid = "CA0123456789abcdef0123456789abcdef";
        return endpoint.Template switch
        {
            var t when t.Contains("/status/", StringComparison.Ordinal) => [("CallSid", CallSid), ("CallStatus", "completed"), ("CallDuration", "12"), ("SequenceNumber", "3")],
            var t when t.Contains("/instructions/", StringComparison.Ordinal) => [("CallSid", CallSid), ("CallStatus", "in-progress"), ("AnsweredBy", "human")],
            var t when t.Contains("/dial-result/", StringComparison.Ordinal) => [("CallSid", CallSid), ("DialCallStatus", "completed"), ("DialCallSid", CallSid), ("DialCallDuration", "5")],
            // No "To": the simulator refuses to place the call, so nothing rings and no webhook follows.
            var t when t.EndsWith("Calls.json", StringComparison.Ordinal) => [("From", "+12025550100"), ("Url", "http://127.0.0.1:9/never"), ("MachineDetection", "Enable")],
            _ => [("Status", "completed")],
        };
    }

    /// <summary>Raw bodies that are not a readable form, or a form too big or with too many fields.</summary>
    public static IEnumerable<string> BrokenForms(string sample)
    {
        string[] broken = ["", "&&&", "=", "a", "%", "%%", "a=%zz", "CallSid", "=x&=y", sample + "&" + sample, sample.Replace("=", "==", StringComparison.Ordinal),
            "{\"CallSid\":\"CA1\"}", new string('k', 3000) + "=v", sample + "&x=" + new string('v', 70_000)];
        foreach (var body in broken)
        {
            yield return body;
        }
        yield return string.Join("&", Enumerable.Range(0, 5000).Select(i => $"f{i}={i}"));
        yield return "x=" + new string('v', 1_000_000);
    }

    /// <summary>Encodes as a browser would; values in <see cref="BadValues"/> are already on-the-wire text and go as they are.</summary>
    public static string Encode(IEnumerable<(string Name, string Value)> fields, bool raw = false) =>
        string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + (raw ? f.Value : Uri.EscapeDataString(f.Value))));

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static bool IsAboutTime(string name) =>
        name.Contains("time", StringComparison.OrdinalIgnoreCase) || name.Contains("zone", StringComparison.OrdinalIgnoreCase)
        || name.Contains("start", StringComparison.OrdinalIgnoreCase) || name.Contains("end", StringComparison.OrdinalIgnoreCase)
        || name.Contains("date", StringComparison.OrdinalIgnoreCase) || name.Contains("from", StringComparison.OrdinalIgnoreCase);
}
