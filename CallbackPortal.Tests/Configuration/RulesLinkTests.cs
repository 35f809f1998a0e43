using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;

namespace CallbackPortal.Tests.Configuration;

/// <summary>Links into the rules page (from the services page, bookmarks) never end in an error page, whatever the service id says.</summary>
[Collection(PortalCollection.Name)]
public sealed class RulesLinkTests(SharedPortal portal)
{
    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public async Task ALinkToAServiceThatCannotBeShownOpensThePageWithANotice(string service)
    {
        await ApiServices.CreateAsync(portal.Host);
        using var client = await portal.LoginAsAsync(Roles.Administrator);

        var response = await client.GetAsync($"/configuration/rules?service={service}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("does not exist or is not one you may change", await response.Content.ReadAsStringAsync());
    }
}
