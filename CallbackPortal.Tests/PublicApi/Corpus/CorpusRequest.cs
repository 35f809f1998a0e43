namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>One request of the corpus, as data: built once, deterministically, then sent in parallel.</summary>
public sealed record CorpusRequest(string Endpoint, string Kind, string Method, string Path, byte[]? Body, string? ContentType,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    public override string ToString()
    {
        var body = Body is null ? "" : " body " + (Body.Length > 120 ? $"{Body.Length} bytes" : System.Text.Encoding.UTF8.GetString(Body));
        var path = Path.Length > 160 ? Path[..160] + "…" : Path;
        var headers = Headers.Count == 0 ? "" : " headers " + string.Join(", ", Headers.Take(3).Select(h => $"{h.Name}: {(h.Value.Length > 40 ? h.Value[..40] + "…" : h.Value)}"));
        return $"{Method} {path} [{Kind}]{headers}{body}";
    }
}

/// <summary>What the app answered: the status and the problem's code, or why no answer came.</summary>
public sealed record CorpusAnswer(CorpusRequest Request, int Status, string? Code, string? Excerpt, string? TransportError);
