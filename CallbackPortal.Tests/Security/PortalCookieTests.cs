using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Data;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Security;

/// <summary>The cookies a real sign-in writes (antiforgery, two-factor, sign-in) are HttpOnly, SameSite and Secure.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalCookieTests(SharedPortal portal)
{
    [Fact]
    public async Task EveryCookieOfASignInWithTwoFactorIsSecureHttpOnlyAndSameSite()
    {
        // As in production: no exception for plain HTTP on loopback.
        await using var host = new PortalHost(settings: new Dictionary<string, string?> { ["Security:LoopbackHttpCookies"] = "false" });
        const string email = "cookies@example.test";
        await host.CreateUserAsync(email, SharedPortal.Password, Roles.Supervisor);
        var key = await EnableAuthenticatorAsync(host, email);
        using var jar = new SecureCookieJar();
        using var client = new PortalClient(host.BaseAddress, jar.Cookies, jar);

        var password = await client.LoginAsync(email, SharedPortal.Password);
        Assert.Contains("/Account/LoginWith2fa", password.Headers.Location!.ToString());
        var code = await client.SubmitFormAsync(password.Headers.Location!.ToString(), new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow),
            ["Input.RememberMachine"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/callbacks")).StatusCode);

        var written = jar.Written.Select(Parse).ToList();
        Assert.Contains(written, c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal) && c.SameSite == "strict");
        Assert.Contains(written, c => c.Name == "Identity.TwoFactorUserId" && c.SameSite == "lax");
        Assert.Contains(written, c => c.Name == "Identity.TwoFactorRememberMe" && c.SameSite == "lax");
        Assert.Contains(written, c => c.Name == "CallbackPortal.Auth" && c.SameSite == "lax");
        Assert.All(written, c =>
        {
            Assert.True(c.Secure, $"{c.Name} is not Secure");
            Assert.True(c.HttpOnly, $"{c.Name} is not HttpOnly");
            Assert.Contains(c.SameSite, new[] { "lax", "strict" });
        });
    }

    [Fact]
    public async Task OnlyPlainHttpToALoopbackNameGetsCookiesWithoutSecureWhenThatIsAllowed()
    {
        using var first = portal.Host.NewClient();
        var loopback = await first.GetAsync("/Account/Login");
        using var second = portal.Host.NewClient();
        using var named = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        named.Headers.Host = "portal.example.test";
        var byName = await second.Http.SendAsync(named);

        Assert.False(Antiforgery(loopback).Secure);
        Assert.True(Antiforgery(byName).Secure);
    }

    private static async Task<string> EnableAuthenticatorAsync(PortalHost host, string email)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private static WrittenCookie Antiforgery(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(Parse).Single(c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));

    private static WrittenCookie Parse(string setCookie)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        bool Has(string flag) => parts.Any(p => p.Equals(flag, StringComparison.OrdinalIgnoreCase));
        var sameSite = parts.FirstOrDefault(p => p.StartsWith("samesite=", StringComparison.OrdinalIgnoreCase))?["samesite=".Length..].ToLowerInvariant() ?? "";
        return new WrittenCookie(parts[0].Split('=')[0], Has("secure"), Has("httponly"), sameSite);
    }

    private sealed record WrittenCookie(string Name, bool Secure, bool HttpOnly, string SameSite);
}
