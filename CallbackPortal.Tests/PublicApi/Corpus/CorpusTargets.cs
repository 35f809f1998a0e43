namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>
/// What the corpus aims at: a real service, callback and agent (so requests get past "not found" and reach the body),
/// a valid API key per scope, and the secrets that sign webhooks and authenticate to the simulator.
/// </summary>
public sealed record CorpusTargets(string ServiceKey, Guid CallbackId, string AccessToken, Guid AgentId, IReadOnlyDictionary<string, string> ApiKeys,
    string TwilioToken, string PublicBaseUrl, string SimulatorSid, string SimulatorBasic)
{
    /// <summary>A number from a country the service does not permit: a well-formed body with it is refused by a rule, never stored.</summary>
    public const string RefusedNumber = "+33123456789";

    /// <summary>A permitted number, used where another field is what must get the body refused.</summary>
    public const string PermittedNumber = "+12025550143";

    /// <summary>A desired time in the past: refused, so a well-formed reschedule changes nothing.</summary>
    public const string PastTime = "2001-01-01T00:00:00Z";

    /// <summary>Route values: the first is the real one, the others are unknown or do not fit the route.</summary>
    public IReadOnlyList<string> RouteValues(string name, Random random) => name switch
    {
        "service" => [ServiceKey, "no-such-service", "%00", "..%2F..%2Fetc", new string('s', 2000), "%C3%28", "%ED%A0%80", "%F0%9F%93%9E"],
        "id" => [CallbackId.ToString(), Guid.Empty.ToString(), RandomGuid(random), "not-a-guid", "%00"],
        "agentId" => [AgentId.ToString(), RandomGuid(random), Guid.Empty.ToString(), "x"],
        "accountSid" => [SimulatorSid, "AC00", new string('A', 500), "%00"],
        "callSid" => ["CA" + new string('0', 32), "%C3%28", new string('C', 500)],
        _ => [RandomGuid(random), Guid.Empty.ToString(), "x", "%00"],
    };

    public static string RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
