using System.Net;
using System.Security.Cryptography;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// Every endpoint that takes an API key (found by its <see cref="ApiKeyScopeMetadata"/>) × a key of each scope alone, a key
/// with no scope, a revoked, an expired and a made-up key, no key, and an administrator's portal cookie: only a live key
/// holding the endpoint's scope gets through.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ApiKeyScopeMatrixTests(SharedPortal portal, ITestOutputHelper output)
{
    private const string NoScope = "no scope";
    private const string Revoked = "revoked";
    private const string Expired = "expired";
    private const string MadeUp = "made-up key";
    private const string NoKey = "no key";
    private const string AdminCookie = "admin cookie";

    [Fact]
    public async Task OnlyALiveKeyWithTheEndpointsScopeGetsThrough()
    {
        var targets = EndpointTargets.Discover(portal.Host.Services).Where(t => t.ApiKeyScope is not null).ToList();
        Assert.NotEmpty(targets);
        var keys = await KeysAsync();
        var callers = keys.Keys.Append(NoKey).Append(AdminCookie).ToList();
        var matrix = new AccessMatrix("API-key endpoints", callers);
        using var anonymous = portal.Host.NewClient();
        using var administrator = await portal.LoginAsAsync(Roles.Administrator);
        foreach (var target in targets)
        {
            foreach (var caller in callers)
            {
                var client = caller == AdminCookie ? administrator : anonymous;
                var response = await EndpointMatrixTests.SendAsync(client, target, request =>
                {
                    if (keys.TryGetValue(caller, out var key))
                    {
                        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
                    }
                });
                matrix.Check(target.ToString(), caller, Expected(caller, target.ApiKeyScope!), await ObservedAsync(response));
            }
        }
        matrix.Report(output);
    }

    private static string Expected(string caller, string scope) => caller switch
    {
        _ when caller == scope => EndpointMatrixTests.Allowed,
        Revoked or Expired or MadeUp => "401 api-key-invalid",
        NoKey or AdminCookie => "401 api-key-missing",
        _ => "403 api-key-scope",
    };

    private static async Task<string> ObservedAsync(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"{(int)response.StatusCode} {await ApiServices.CodeAsync(response)}",
        _ => EndpointMatrixTests.Allowed,
    };

    /// <summary>A key per scope, holding only it, and the keys that must never work, keyed by the column they head.</summary>
    private async Task<Dictionary<string, string>> KeysAsync()
    {
        await using var scope = portal.Host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ApiKeyStore>();
        var keys = new Dictionary<string, string>();
        foreach (var name in ApiKeyScopes.All)
        {
            keys[name] = (await CreateAsync(store, [name])).Key;
        }
        var everything = ApiKeyScopes.All.ToHashSet();
        var (noScope, noScopeId) = await CreateAsync(store, everything);
        var (revoked, revokedId) = await CreateAsync(store, everything);
        var (expired, expiredId) = await CreateAsync(store, everything);
        Assert.Null(await store.RevokeAsync(PortalActor.System, revokedId, CancellationToken.None));
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            // The page offers neither a key without scopes nor one that has already expired; the database may still hold them.
            var stripped = await db.ApiKeys.SingleAsync(k => k.Id == noScopeId);
            stripped.Scopes = [];
            var lapsed = await db.ApiKeys.SingleAsync(k => k.Id == expiredId);
            lapsed.ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1);
            await db.SaveChangesAsync();
        }
        keys[NoScope] = noScope;
        keys[Revoked] = revoked;
        keys[Expired] = expired;
        keys[MadeUp] = ApiKeyStore.KeyStart + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return keys;
    }

    private static async Task<(string Key, Guid Id)> CreateAsync(ApiKeyStore store, HashSet<string> scopes)
    {
        var created = await store.CreateAsync(PortalActor.System, new ApiKeyForm { Name = "matrix " + Guid.NewGuid().ToString("N")[..8], Scopes = scopes }, CancellationToken.None);
        Assert.True(created.Key is not null, string.Join(" ", created.Errors.SelectMany(e => e.Value)));
        return (created.Key, created.Row!.Id);
    }
}
