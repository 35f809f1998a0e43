using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Telephony;

/// <summary>
/// The base URL at which the telephony provider reaches this app: <c>Telephony:PublicBaseUrl</c> when set (behind a
/// proxy), else the app's own first listening address (http preferred, so the loopback simulator needs no certificate).
/// The same string builds the URLs sent to the provider and checks the signatures on what comes back.
/// </summary>
public sealed partial class PublicAddress(IOptions<TelephonyOptions> options, IServer server)
{
    public string BaseUrl
    {
        get
        {
            var configured = options.Value.PublicBaseUrl;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var listening = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
            if (listening is null)
            {
                throw new InvalidOperationException("Telephony:PublicBaseUrl is empty and the server reports no listening address; set Telephony:PublicBaseUrl.");
            }
            return Reachable(listening).TrimEnd('/');
        }
    }

    /// <summary>An absolute URL for a path of this app, for example <c>/telephony/twilio/status/{id}</c>.</summary>
    public string For(string path) => BaseUrl + path;

    /// <summary>A wildcard listening address (<c>http://+:80</c>, <c>http://0.0.0.0:5000</c>) is not a place to call: use loopback.</summary>
    private static string Reachable(string address) => Wildcard().Replace(address, m =>
        m.Groups["host"].Value == "0.0.0.0" ? $"{m.Groups["scheme"].Value}://127.0.0.1" : $"{m.Groups["scheme"].Value}://localhost");

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\+|\*|0\.0\.0\.0|\[::\])", RegexOptions.IgnoreCase)]
    private static partial Regex Wildcard();
}
