namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>Headers a hostile or broken client sends: too big, too many, wrong media types and charsets, bad keys, origins and accepts, doubled.</summary>
public static class HeaderAbuse
{
    /// <summary>Kinds whose refusal is the server closing the connection (Kestrel's header limits) rather than an answer.</summary>
    public const string OverKestrelLimits = "header over the server's limits";

    public static IEnumerable<(string Kind, (string Name, string Value)[] Headers)> Variants()
    {
        yield return (OverKestrelLimits, [("X-Huge", new string('h', 40_000))]);
        yield return (OverKestrelLimits, [.. Enumerable.Range(0, 120).Select(i => ($"X-Many-{i}", new string('m', 300)))]);
        yield return ("huge header", [("X-Big", new string('b', 8_000))]);
        yield return (OverKestrelLimits, [.. Enumerable.Range(0, 150).Select(i => ($"X-H{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        yield return ("many headers", [.. Enumerable.Range(0, 90).Select(i => ($"X-H{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        string[] contentTypes =
        [
            "application/json; charset=utf-16", "application/json; charset=nonsense", "application/json; charset=", "application/json;;;", "application/jsonx",
            "text/json", "application/*", "*/*", ";", "multipart/form-data; boundary=", "multipart/form-data", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-32", "text/plain; charset=latin1", "application/jsön", "application/json; boundary=\"unclosed",
            "application/problem+json", "application/merge-patch+json",
        ];
        foreach (var type in contentTypes)
        {
            yield return ("bad Content-Type", [("Content-Type", type)]);
        }
        string[] keys = [" ", new string('k', 300), "a\tb", "ключ-1", "'; DROP TABLE Callbacks; --", "\u007f"];
        foreach (var key in keys)
        {
            yield return ("bad Idempotency-Key", [("Idempotency-Key", key)]);
        }
        yield return ("duplicate headers", [("Idempotency-Key", "corpus-1"), ("Idempotency-Key", "corpus-2")]);
        yield return ("duplicate headers", [("Content-Type", "application/json"), ("Content-Type", "text/plain")]);
        yield return ("duplicate headers", [("Origin", "http://localhost"), ("Origin", "https://evil.example")]);
        yield return ("duplicate headers", [("Authorization", "Bearer a"), ("Authorization", "Bearer b")]);
        string[] origins = ["null", "https://evil.example", "https://evil.example:99999", "not a url", "http://[::1", "file://", "https://évil.example", new string('o', 5000)];
        foreach (var origin in origins)
        {
            yield return ("bad Origin", [("Origin", origin)]);
        }
        string[] accepts = ["application/xml", "*/*;q=abc", "", "text/html", "application/json;q=-1", new string('a', 5000)];
        foreach (var accept in accepts)
        {
            yield return ("bad Accept", [("Accept", accept)]);
        }
        string[] authorizations = ["Bearer " + new string('t', 5000), "Basic !!!", "Bearer", "Negotiate x", "Bearer cbk_" + new string('0', 43), "Basic " + Convert.ToBase64String("a:b"u8.ToArray())];
        foreach (var authorization in authorizations)
        {
            yield return ("bad Authorization", [("Authorization", authorization)]);
        }
        yield return ("bad Host", [("Host", "evil.example:1")]);
        yield return ("bad Host", [("Host", "a..b")]);
        yield return ("bad forwarding", [("X-Forwarded-For", "1.2.3.4, garbage, 999.999.999.999"), ("X-Forwarded-Proto", "gopher")]);
        yield return ("bad cookie", [("Cookie", ".AspNetCore.Identity.Application=garbage; .AspNetCore.Antiforgery.x=" + new string('c', 3000))]);
        yield return ("bad misc", [("User-Agent", new string('u', 5000)), ("Accept-Language", "xx-XXXX-garbage;q=2, *;q=abc")]);
        yield return ("bad misc", [("Range", "bytes=9999999999999-"), ("If-None-Match", "\"unclosed"), ("If-Modified-Since", "2026-02-30")]);
        yield return ("bad misc", [("Accept-Encoding", "gzip;q=abc, br;q=-1, zstd"), ("Accept-Charset", "utf-7")]);
        yield return ("bad misc", [("Content-Encoding", "gzip")]);
        yield return ("bad misc", [("Expect", "100-continue")]);
    }
}
