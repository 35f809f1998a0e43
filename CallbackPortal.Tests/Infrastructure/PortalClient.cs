using System.Net;
using System.Text.RegularExpressions;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>An HTTP client that behaves like a browser with cookies, and fills in the app's static forms (antiforgery included).</summary>
public sealed partial class PortalClient : IDisposable
{
    private readonly HttpClient http;

    public PortalClient(Uri baseAddress)
        : this(baseAddress, new CookieContainer())
    {
    }

    /// <summary>With <paramref name="handler"/> in charge of <paramref name="cookies"/> (it must not follow redirects either).</summary>
    public PortalClient(Uri baseAddress, CookieContainer cookies, HttpMessageHandler? handler = null)
    {
        Cookies = cookies;
        http = new HttpClient(handler ?? new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    /// <summary>Loads the page, takes the named form's hidden fields (antiforgery token, handler) and posts it with the given fields.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string path, IDictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(path);
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        SubmitFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
