using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.ClickToCall;

/// <summary>The portal's click-to-call page lists groups (with the numbers each holds now) and reservations to those who manage features.</summary>
[Collection(PortalCollection.Name)]
public sealed class ClickToCallPageTests(SharedPortal portal)
{
    [Fact]
    public async Task AnAdministratorSeesTheGroupsAndTheirRecordsAndAMonitorIsRefused()
    {
        var (group, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        using var consumer = portal.Host.NewClient();
        var reserved = await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(consumer.Http, group));
        using var admin = await portal.LoginAsAsync(Roles.Administrator);
        using var monitor = await portal.LoginAsAsync(Roles.Monitor);

        var page = await admin.GetAsync("/integration/click-to-call");
        var refused = await monitor.GetAsync("/integration/click-to-call");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains(group.Key, html);
        var row = html[html.IndexOf(group.Key, StringComparison.Ordinal)..];
        Assert.Contains("1 / 1", row[..row.IndexOf("</tr>", StringComparison.Ordinal)]); // one of its one numbers held now
        Assert.Contains(reserved.GetProperty("toPhoneNumber").GetString()!, html);
        Assert.Contains("Requested", html);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AServiceLimitedUserSeesOnlyTheGroupsAndRecordsOfTheirServices()
    {
        var (mine, myService) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        var (theirs, _) = await ClickToCallFixture.GroupAsync(portal.Host, 1);
        using var consumer = portal.Host.NewClient();
        var myNumber = (await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(consumer.Http, mine))).GetProperty("toPhoneNumber").GetString()!;
        var theirNumber = (await ApiServices.JsonAsync(await ClickToCallFixture.RequestAsync(consumer.Http, theirs))).GetProperty("toPhoneNumber").GetString()!;
        var email = $"c2c-{Guid.NewGuid():N}@example.test";
        await portal.Host.CreateUserAsync(email, SharedPortal.Password, Roles.CallbackAdmin);
        await using (var db = await ApiServices.DbAsync(portal.Host))
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.ServiceLimit = [myService.Id];
            await db.SaveChangesAsync();
        }
        using var limited = await portal.Host.LoginAsync(email, SharedPortal.Password);

        var html = WebUtility.HtmlDecode(await (await limited.GetAsync("/integration/click-to-call")).Content.ReadAsStringAsync());

        Assert.Contains(mine.Key, html);
        Assert.Contains(myNumber, html);
        Assert.DoesNotContain(theirs.Key, html);
        Assert.DoesNotContain(theirNumber, html);
    }
}
