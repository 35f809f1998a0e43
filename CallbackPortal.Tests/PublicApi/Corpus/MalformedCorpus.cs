using System.Text.RegularExpressions;
using CallbackPortal.Telephony;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>
/// Builds the bad-input corpus for the app's endpoints: per endpoint its body broken every way, each query
/// parameter and route value wrong, every header abuse and every method it does not take; then seeded random mixes of
/// those until there are at least as many requests as asked. The same seed gives the same corpus.
/// </summary>
public sealed partial class MalformedCorpus(CorpusTargets targets, int seed)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO"];
    private readonly Random random = new(seed);

    public IReadOnlyList<CorpusRequest> Build(IReadOnlyList<CorpusEndpoint> endpoints, int atLeast)
    {
        var corpus = new List<CorpusRequest>();
        var mutations = new Dictionary<CorpusEndpoint, List<Mutation>>();
        foreach (var endpoint in endpoints)
        {
            var own = BodyAndQueryMutations(endpoint).ToList();
            mutations[endpoint] = own;
            var route = ValidRoute(endpoint);
            corpus.Add(Request(endpoint, "well-formed, refused by a rule", route, Baseline(endpoint)));
            corpus.AddRange(own.Select(m => Request(endpoint, m.Kind, route, m)));
            foreach (var (name, values) in endpoint.RouteNames.Select(n => (n, targets.RouteValues(n, random))))
            {
                corpus.AddRange(values.Skip(1).Select(value => Request(endpoint, "bad route value", Fill(endpoint, name, value), Baseline(endpoint))));
            }
            foreach (var (kind, headers) in HeaderAbuse.Variants())
            {
                corpus.Add(Request(endpoint, kind, route, Baseline(endpoint), headers));
            }
        }
        foreach (var template in endpoints.GroupBy(e => e.Template))
        {
            var first = template.First();
            foreach (var method in Methods.Where(m => !template.Any(e => e.Method == m)))
            {
                corpus.Add(Request(first with { Method = method }, "wrong method", ValidRoute(first), Baseline(first)));
            }
        }
        var headerVariants = HeaderAbuse.Variants().Where(h => h.Kind != HeaderAbuse.OverKestrelLimits).ToList();
        while (corpus.Count < atLeast)
        {
            var endpoint = endpoints[random.Next(endpoints.Count)];
            var own = mutations[endpoint];
            var mutation = own.Count > 0 ? own[random.Next(own.Count)] : Baseline(endpoint);
            var name = endpoint.RouteNames.Count > 0 ? endpoint.RouteNames[random.Next(endpoint.RouteNames.Count)] : null;
            var route = name is not null && random.Next(3) == 0
                ? Fill(endpoint, name, targets.RouteValues(name, random)[random.Next(1, targets.RouteValues(name, random).Count)])
                : ValidRoute(endpoint);
            var (kind, headers) = headerVariants[random.Next(headerVariants.Count)];
            corpus.Add(Request(endpoint, $"mix: {mutation.Kind} + {kind}", route, mutation, headers));
        }
        return corpus;
    }

    /// <summary>A body and query (and the webhook fields they sign), with what was done to them.</summary>
    private sealed record Mutation(string Kind, byte[]? Body, string? ContentType, string Query, IReadOnlyList<(string Name, string Value)>? SignedFields);

    private Mutation Baseline(CorpusEndpoint endpoint)
    {
        if (endpoint.BodyType is { } contract)
        {
            return new Mutation("baseline", JsonBodies.SampleBytes(contract, targets), "application/json; charset=utf-8", "", null);
        }
        if (IsForm(endpoint))
        {
            var fields = FormAndQueryValues.SampleForm(endpoint);
            return endpoint.Method == "GET"
                ? new Mutation("baseline", null, null, "?" + FormAndQueryValues.Encode(fields), [])
                : new Mutation("baseline", FormAndQueryValues.Bytes(FormAndQueryValues.Encode(fields)), FormContentType, "", fields);
        }
        return new Mutation("baseline", null, null, "", null);
    }

    private const string FormContentType = "application/x-www-form-urlencoded";

    private static bool IsForm(CorpusEndpoint endpoint) => endpoint.Family is EndpointFamily.TelephonyWebhook or EndpointFamily.CarrierSimulator;

    private IEnumerable<Mutation> BodyAndQueryMutations(CorpusEndpoint endpoint)
    {
        if (endpoint.BodyType is { } contract)
        {
            foreach (var (kind, body) in JsonBodies.Mutations(contract, targets, random))
            {
                yield return new Mutation(kind, body, "application/json; charset=utf-8", "", null);
            }
        }
        else if (IsForm(endpoint) && endpoint.Method != "GET")
        {
            var sample = FormAndQueryValues.SampleForm(endpoint);
            foreach (var field in sample)
            {
                foreach (var bad in FormAndQueryValues.BadValues)
                {
                    var fields = sample.Select(f => f.Name == field.Name ? (f.Name, bad) : (f.Name, Uri.EscapeDataString(f.Value))).ToList();
                    yield return new Mutation("wrong type", FormAndQueryValues.Bytes(FormAndQueryValues.Encode(fields, raw: true)), FormContentType, "",
                        [.. fields.Select(f => (f.Name, Unescape(f.Item2)))]);
                }
                var without = sample.Where(f => f.Name != field.Name).ToList();
                yield return new Mutation("missing field", FormAndQueryValues.Bytes(FormAndQueryValues.Encode(without)), FormContentType, "", without);
            }
            foreach (var broken in FormAndQueryValues.BrokenForms(FormAndQueryValues.Encode(sample)))
            {
                yield return new Mutation(broken.Length > 60_000 ? "huge body" : "broken form", FormAndQueryValues.Bytes(broken), FormContentType, "", sample);
            }
        }
        var names = IsForm(endpoint) && endpoint.Method == "GET" ? [.. FormAndQueryValues.SampleForm(endpoint).Select(f => f.Name)] : endpoint.QueryNames;
        foreach (var name in names)
        {
            var values = FormAndQueryValues.IsAboutTime(name) ? FormAndQueryValues.BadValues.Concat(FormAndQueryValues.BadTimes) : FormAndQueryValues.BadValues;
            foreach (var value in values)
            {
                yield return QueryMutation("bad query value", $"?{name}={value}");
            }
            yield return QueryMutation("bad query value", $"?{name}=1&{name}=2&{name}=x");
        }
        yield return QueryMutation("bad query value", "?" + string.Join("&", Enumerable.Range(0, 100).Select(i => $"u{i}={i}")));
        yield return QueryMutation("bad query value", "?q=" + new string('q', 8000));
        yield return QueryMutation("bad query value", "?%zz=%zz&&=&%00");

        Mutation QueryMutation(string kind, string query)
        {
            var baseline = Baseline(endpoint);
            var signed = IsForm(endpoint) ? (endpoint.Method == "GET" ? [] : baseline.SignedFields) : null;
            return baseline with { Kind = kind, Query = query, SignedFields = signed };
        }
    }

    private CorpusRequest Request(CorpusEndpoint endpoint, string kind, string route, Mutation mutation, (string Name, string Value)[]? abuse = null)
    {
        var headers = new List<(string Name, string Value)>();
        var path = route + mutation.Query;
        var overridesAuthorization = abuse?.Any(h => h.Name == "Authorization") == true;
        if (!overridesAuthorization)
        {
            switch (endpoint.Family)
            {
                case EndpointFamily.Integration:
                    headers.Add(("Authorization", "Bearer " + targets.ApiKeys[endpoint.ApiKeyScope!]));
                    break;
                case EndpointFamily.CarrierSimulator:
                    headers.Add(("Authorization", "Basic " + targets.SimulatorBasic));
                    break;
                // The callback's own token, so the body is what gets tested; never on a cancel, which would take effect.
                case EndpointFamily.Consumer when endpoint.RouteNames.Contains("id") && !(endpoint.Method == "DELETE" && endpoint.RouteNames.Count == 1):
                    headers.Add(("Authorization", "Bearer " + targets.AccessToken));
                    break;
            }
        }
        if (mutation.SignedFields is { } signed)
        {
            headers.Add((TwilioSignature.HeaderName, TwilioSignature.Compute(targets.TwilioToken, targets.PublicBaseUrl + path,
                signed.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)))));
        }
        headers.AddRange(abuse ?? []);
        return new CorpusRequest(endpoint.Name, kind, endpoint.Method, path, mutation.Body, mutation.ContentType, headers);
    }

    private string ValidRoute(CorpusEndpoint endpoint) =>
        "/" + RouteParameter().Replace(endpoint.Template, m => targets.RouteValues(m.Groups["name"].Value, random)[0]);

    private string Fill(CorpusEndpoint endpoint, string name, string value) =>
        "/" + RouteParameter().Replace(endpoint.Template, m => m.Groups["name"].Value == name ? value : targets.RouteValues(m.Groups["name"].Value, random)[0]);

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
