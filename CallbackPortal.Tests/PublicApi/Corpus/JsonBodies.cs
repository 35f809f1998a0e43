using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>
/// JSON bodies built from an endpoint's request contract (its <c>Accepts</c> type, read by reflection): a well-formed
/// sample that a rule refuses, then that sample broken every way the brief names, field by field.
/// </summary>
public static class JsonBodies
{
    private const string Mark = "@@corpus-mark@@";

    /// <summary>JSON that is the wrong type, out of range or hostile for any field.</summary>
    private static readonly string[] WrongValues =
    [
        "42", "-1", "0.5", "1e400", "-0", "99999999999999999999999", "true", "false", "null", "[]", "{}", "[1,[2,[3]]]",
        "{\"a\":{\"b\":{}}}", "\"\"", "\"   \"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00a\"", "\"\\ud800\\ud800\"",
        "\"" + new string('x', 5000) + "\"", "\"<script>alert(1)</script>\"", "\"\\u202e\\u200b\"", "NaN", "undefined",
    ];

    /// <summary>Dates and zones no calendar has, or no callback should be at.</summary>
    public static readonly string[] AbsurdTimes =
    [
        "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00",
        "10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z", "2026-06-31T10:00:00Z",
        "2027-06-01T24:00:00Z", "2027-06-01T23:60:00Z", "2027-06-01T10:00:00+25:00", "2027-06-01T10:00:00-25:00", "2027-06-01T10:00:00+14:01",
        "2027-06-01T10:00:00+99", "2027-06-01T10:00:00[Mars/Olympus]", "2027-06-01T10:00:00 Europe/Nowhere", "2027-06-01T10:00:00.99999999999Z",
        "2027-06-01", "2027-06-01T10:00:00", "now", "P1D", "1e10", "1735689600", "Mon, 01 Jun 2027 10:00:00 GMT", "२०२७-०६-०१T10:00:00Z",
    ];

    /// <summary>Numbers no one can be called back on.</summary>
    private static readonly string[] AbsurdNumbers =
    [
        "+", "+0", "+999999999999999", "+1" + new string('2', 40), "00000", "+1 (202) 555-0143 ext. 99999999", "tel:+12025550143",
        "+1900 555 0143", "+882 16 0000 0000", "sip:+12025550143@evil.example", "+1-202-555-01\u00004", "\u202e+12025550143",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    /// <summary>A well-formed body for <paramref name="contract"/> that the app must still refuse (see <see cref="CorpusTargets"/>).</summary>
    public static JsonNode Sample(Type contract, CorpusTargets targets) => SampleOf(contract, "", targets, 0) ?? new JsonObject();

    public static IEnumerable<(string Kind, byte[] Body)> Mutations(Type contract, CorpusTargets targets, Random random)
    {
        var sample = Sample(contract, targets);
        var text = sample.ToJsonString();
        foreach (var broken in BrokenJson(text, random))
        {
            yield return ("broken JSON", Encoding.UTF8.GetBytes(broken));
        }
        var leaves = Paths(sample).ToList();
        foreach (var path in leaves)
        {
            foreach (var wrong in WrongValues)
            {
                yield return ("wrong type", Replace(sample, path, wrong));
            }
            var name = path.LastOrDefault(s => s is string) as string ?? "";
            if (name.Contains("time", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var time in AbsurdTimes)
                {
                    // With a permitted number, so only the time can be what refuses the body.
                    yield return ("absurd date", Replace(WithPermittedNumber(sample), path, JsonSerializer.Serialize(time)));
                }
            }
            if (name.Contains("phone", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var number in AbsurdNumbers)
                {
                    yield return ("absurd number", Replace(sample, path, JsonSerializer.Serialize(number)));
                }
            }
        }
        foreach (var depth in new[] { 15, 17, 64, 1000 })
        {
            var deep = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
            yield return ("deeply nested", Encoding.UTF8.GetBytes(deep));
            if (leaves.Count > 0)
            {
                yield return ("deeply nested", Replace(sample, leaves[^1], deep));
            }
        }
        yield return ("deeply nested", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000)));
        var firstText = leaves.FirstOrDefault(p => Navigate(sample, p) is JsonValue v && v.GetValueKind() == JsonValueKind.String);
        if (firstText is not null)
        {
            foreach (var length in new[] { 60_000, 70_000, 1_000_000 })
            {
                yield return ("huge body", Replace(sample, firstText, JsonSerializer.Serialize(new string('x', length))));
            }
            foreach (var bad in InvalidUtf8)
            {
                var bytes = Replace(sample, firstText, "\"" + Mark + "\"");
                yield return ("invalid UTF-8", Splice(bytes, Encoding.UTF8.GetBytes(Mark), bad));
            }
        }
        yield return ("huge body", Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"k{i}\":{i}")) + "}"));
        yield return ("invalid UTF-8", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());
        yield return ("invalid UTF-8", Encoding.UTF32.GetBytes(text));
    }

    public static byte[] SampleBytes(Type contract, CorpusTargets targets) => Encoding.UTF8.GetBytes(Sample(contract, targets).ToJsonString());

    private static IEnumerable<string> BrokenJson(string text, Random random)
    {
        string[] fixedOnes =
        [
            "", " ", "\n", "null", "0", "\"x\"", "[]", "{}", "[null]", "{\"\":\"\"}", "{", "}", "[", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':'b'}",
            text + "}", text + " garbage", text + text, "[" + text, "\"" + text, "/*c*/" + text, "\uFEFF" + text, text.Replace("\"", "'"),
            text.TrimEnd('}', ']') + ",}", text.Replace(":", "::"), text.Replace(",", ",,"), "{\"a\":1,\"a\":2," + text.TrimStart('{', '['),
            text.Replace("\"", "\\\""), "{\"x\":\"\u0001\u0002\"}", "{\"x\":\"\t\"}", "{\"x\":01}", "{\"x\":.5}", "{\"x\":+1}", "{\"x\":0x10}",
        ];
        foreach (var broken in fixedOnes)
        {
            yield return broken;
        }
        for (var i = 0; i < 8; i++)
        {
            yield return text[..random.Next(1, Math.Max(2, text.Length - 1))];
        }
        for (var i = 0; i < 8; i++)
        {
            var chars = text.ToCharArray();
            const string Structural = "{}[]\":,\\x0 ";
            chars[random.Next(chars.Length)] = Structural[random.Next(Structural.Length)];
            yield return new string(chars);
        }
    }

    private static JsonNode? SampleOf(Type type, string name, CorpusTargets targets, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return JsonValue.Create(SampleText(name, targets));
        }
        if (type == typeof(JsonElement) || depth > 4)
        {
            return null;
        }
        if (type.IsPrimitive)
        {
            return JsonValue.Create(1);
        }
        if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)))
        {
            return new JsonArray(SampleOf(type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0], name, targets, depth + 1));
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new JsonObject { ["page"] = "corpus" };
        }
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length);
        var sample = new JsonObject();
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            sample[JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)] = SampleOf(parameter.ParameterType, parameter.Name!, targets, depth + 1);
        }
        return sample;
    }

    private static string SampleText(string name, CorpusTargets targets) => name.ToLowerInvariant() switch
    {
        var n when n.Contains("phone", StringComparison.Ordinal) => CorpusTargets.RefusedNumber,
        var n when n.Contains("time", StringComparison.Ordinal) => CorpusTargets.PastTime,
        "email" => "corpus@example.test",
        "presence" => "OnCall",
        "event" => "no-such-event",
        "service" => targets.ServiceKey,
        "group" => "no-such-group",
        "sessionid" => "corpus-session",
        "callbackid" => targets.CallbackId.ToString(),
        "endpoint" => "https://push.example.test/corpus",
        "language" => "en",
        _ => "corpus",
    };

    private static JsonNode WithPermittedNumber(JsonNode sample)
    {
        var copy = sample.DeepClone();
        foreach (var path in Paths(copy).Where(p => p.LastOrDefault() is string s && s.Contains("phone", StringComparison.OrdinalIgnoreCase)))
        {
            Set(copy, path, JsonValue.Create(CorpusTargets.PermittedNumber));
        }
        return copy;
    }

    /// <summary>Every property and array item, objects included (a whole object can have the wrong type too).</summary>
    private static IEnumerable<object[]> Paths(JsonNode? node, object[]? prefix = null)
    {
        prefix ??= [];
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    object[] path = [.. prefix, key];
                    yield return path;
                    foreach (var inner in Paths(child, path))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    foreach (var inner in Paths(a[i], path))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }

    private static JsonNode? Navigate(JsonNode? node, object[] path) =>
        path.Aggregate(node, (current, step) => step is string key ? current?[key] : current?[(int)step]);

    private static void Set(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = Navigate(root, path[..^1])!;
        if (path[^1] is string key)
        {
            parent[key] = value;
        }
        else
        {
            parent[(int)path[^1]] = value;
        }
    }

    /// <summary>The sample with the value at <paramref name="path"/> replaced by raw JSON text (which may not be JSON at all).</summary>
    private static byte[] Replace(JsonNode sample, object[] path, string rawJson)
    {
        var copy = sample.DeepClone();
        Set(copy, path, JsonValue.Create(Mark));
        return Encoding.UTF8.GetBytes(copy.ToJsonString().Replace("\"" + Mark + "\"", rawJson, StringComparison.Ordinal));
    }

    private static byte[] Splice(byte[] bytes, byte[] marker, byte[] replacement)
    {
        var at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes[..at], .. replacement, .. bytes[(at + marker.Length)..]];
    }
}
