using System.Net;
using System.Text.RegularExpressions;

namespace CallbackPortal.Tests.Security;

/// <summary>
/// A cookie jar that sends Secure cookies back over plain HTTP (HttpClient's own jar never does), so a test can sign in to a
/// portal that marks every cookie Secure, and that keeps each Set-Cookie exactly as the portal wrote it.
/// </summary>
public sealed partial class SecureCookieJar() : DelegatingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
{
    private readonly List<string> written = [];

    public CookieContainer Cookies { get; } = new();

    public IReadOnlyList<string> Written { get { lock (written) { return [.. written]; } } }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var cookies = Cookies.GetCookieHeader(uri);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }
        var response = await base.SendAsync(request, cancellationToken);
        foreach (var value in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            lock (written)
            {
                written.Add(value);
            }
            Cookies.SetCookies(uri, SecureAttribute().Replace(value, ""));
        }
        return response;
    }

    [GeneratedRegex(@";\s*secure\s*(?=;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureAttribute();
}
