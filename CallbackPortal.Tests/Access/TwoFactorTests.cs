using System.Net;
using System.Text.RegularExpressions;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Access;

[Collection(PortalCollection.Name)]
public sealed partial class TwoFactorTests(SharedPortal portal)
{
    [Fact]
    public async Task AnAuthenticatorAppAndRecoveryCodesProtectTheLogIn()
    {
        const string email = "twofactor@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, Roles.Supervisor);
        using var owner = await portal.Host.LoginAsync(email, SharedPortal.Password);

        var setupPage = await (await owner.GetAsync("/Account/Manage/EnableAuthenticator")).Content.ReadAsStringAsync();
        var key = SharedKey().Match(setupPage).Groups["key"].Value;
        Assert.False(string.IsNullOrWhiteSpace(key));
        var enabled = await owner.SubmitFormAsync("/Account/Manage/EnableAuthenticator",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var recoveryCodes = RecoveryCode().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Groups["code"].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        using var withCode = portal.Host.NewClient();
        var password = await withCode.LoginAsync(email, SharedPortal.Password);
        Assert.Contains("/Account/LoginWith2fa", password.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await withCode.GetAsync("/")).StatusCode);
        var second = await withCode.SubmitFormAsync(password.Headers.Location!.ToString(),
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/")).StatusCode);

        using var withRecovery = portal.Host.NewClient();
        await withRecovery.LoginAsync(email, SharedPortal.Password);
        var recovered = await withRecovery.SubmitFormAsync("/Account/LoginWithRecoveryCode",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withRecovery.GetAsync("/")).StatusCode);
    }

    [GeneratedRegex("<kbd>(?<key>[a-z0-9 ]+)</kbd>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<code class=\"recovery-code\">(?<code>[^<]+)</code>")]
    private static partial Regex RecoveryCode();
}
