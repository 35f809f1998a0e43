using System.Text;
using System.Text.Json;

namespace CallbackPortal.Engine;

/// <summary>One NOTIFY payload: the sending node, a sequence number, whether the receivers must resync, the events.</summary>
public sealed record DecodedRelayPayload(string NodeId, long Sequence, bool Resync, IReadOnlyList<EngineEvent> Events);

/// <summary>
/// The compact JSON of the relay's payloads: <c>{"n":"node","s":17,"r":1,"e":[[0,"service","callback",null],…]}</c>,
/// the kind as a number, ids as 32 hex digits or null, <c>"r"</c> only when set.
/// </summary>
public static class EventRelayPayload
{
    /// <summary>The events as few payloads as fit under <paramref name="maxBytes"/> each (at least one when there is a resync to ask for).</summary>
    public static IReadOnlyList<string> Encode(string nodeId, ref long sequence, bool resync, IReadOnlyList<EngineEvent> events, int maxBytes)
    {
        var payloads = new List<string>();
        var body = new StringBuilder();
        var count = 0;
        foreach (var engineEvent in events)
        {
            var item = EncodeEvent(engineEvent);
            var header = Header(nodeId, sequence + 1, resync && payloads.Count == 0);
            if (count > 0 && Encoding.UTF8.GetByteCount(header) + body.Length + 1 + item.Length + 2 > maxBytes)
            {
                payloads.Add(Finish(nodeId, ++sequence, resync && payloads.Count == 0, body));
                body.Clear();
                count = 0;
            }
            if (count > 0)
            {
                body.Append(',');
            }
            body.Append(item);
            count++;
        }
        if (count > 0 || (resync && payloads.Count == 0))
        {
            payloads.Add(Finish(nodeId, ++sequence, resync && payloads.Count == 0, body));
        }
        return payloads;
    }

    public static DecodedRelayPayload Decode(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var nodeId = root.GetProperty("n").GetString() ?? throw new FormatException("The payload names no node.");
        var sequence = root.GetProperty("s").GetInt64();
        var resync = root.TryGetProperty("r", out var r) && r.GetInt32() == 1;
        var events = new List<EngineEvent>();
        foreach (var item in root.GetProperty("e").EnumerateArray())
        {
            var kind = (EngineEventKind)item[0].GetInt32();
            if (!Enum.IsDefined(kind))
            {
                continue;
            }
            events.Add(new EngineEvent(kind, IdAt(item, 1), IdAt(item, 2), IdAt(item, 3)));
        }
        return new DecodedRelayPayload(nodeId, sequence, resync, events);
    }

    private static Guid? IdAt(JsonElement item, int index) =>
        item[index].ValueKind == JsonValueKind.Null ? null : Guid.ParseExact(item[index].GetString()!, "N");

    private static string Header(string nodeId, long sequence, bool resync) =>
        $"{{\"n\":{JsonSerializer.Serialize(nodeId)},\"s\":{sequence}{(resync ? ",\"r\":1" : "")},\"e\":[";

    private static string Finish(string nodeId, long sequence, bool resync, StringBuilder body) =>
        Header(nodeId, sequence, resync) + body + "]}";

    private static string EncodeEvent(EngineEvent e) =>
        $"[{(int)e.Kind},{Id(e.ServiceId)},{Id(e.CallbackId)},{Id(e.AgentId)}]";

    private static string Id(Guid? id) => id is { } value ? $"\"{value:N}\"" : "null";
}
