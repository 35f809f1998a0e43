using System.Text;
using System.Text.Json;

namespace CallbackPortal.Tests.PublicApi.Corpus;

/// <summary>Sends the corpus over real HTTP, several requests at a time, headers exactly as built (UTF-8 allowed in values).</summary>
public static class CorpusSender
{
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Type", "Content-Encoding", "Content-Language" };

    public static async Task<IReadOnlyList<CorpusAnswer>> SendAsync(Uri baseAddress, IReadOnlyList<CorpusRequest> requests, int parallelism)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var answers = new CorpusAnswer[requests.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, ct) => answers[i] = await SendOneAsync(http, requests[i], ct));
        return answers;
    }

    private static async Task<CorpusAnswer> SendOneAsync(HttpClient http, CorpusRequest corpus, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(corpus.Method), new Uri(corpus.Path, UriKind.Relative));
        if (corpus.Body is not null || corpus.Headers.Any(h => ContentHeaders.Contains(h.Name)))
        {
            request.Content = new ByteArrayContent(corpus.Body ?? []);
            request.Content.Headers.ContentType = null;
        }
        var contentTypeGiven = corpus.Headers.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
        if (corpus.ContentType is not null && !contentTypeGiven)
        {
            request.Content!.Headers.TryAddWithoutValidation("Content-Type", corpus.ContentType);
        }
        foreach (var (name, value) in corpus.Headers)
        {
            if (ContentHeaders.Contains(name))
            {
                request.Content!.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return new CorpusAnswer(corpus, (int)response.StatusCode, CodeOf(response, text), text.Length > 300 ? text[..300] : text, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new CorpusAnswer(corpus, 0, null, null, e.GetType().Name + ": " + e.Message);
        }
    }

    private static string? CodeOf(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
