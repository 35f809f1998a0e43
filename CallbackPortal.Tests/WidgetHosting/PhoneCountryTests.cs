using System.Net;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.WidgetHosting;

/// <summary>The widget's country selector: <c>phoneCountry</c> says which country a number without + is written in.</summary>
[Collection(PortalCollection.Name)]
public sealed class PhoneCountryTests(SharedPortal portal)
{
    [Fact]
    public async Task A_national_number_is_read_in_the_chosen_country_instead_of_the_services()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.DefaultCountry = "US");
        using var client = portal.Host.NewClient();
        var http = client.Http;

        using var british = await ApiServices.CreateCallbackAsync(http, service.Key, new { phoneNumber = "020 7946 0018", phoneCountry = "gb" });
        using var american = await ApiServices.CreateCallbackAsync(http, service.Key, new { phoneNumber = "(202) 555-0143" });
        using var international = await ApiServices.CreateCallbackAsync(http, service.Key, new { phoneNumber = "+12025550177", phoneCountry = "GB" });

        Assert.Equal(HttpStatusCode.Created, british.StatusCode);
        Assert.Equal(HttpStatusCode.Created, american.StatusCode);
        Assert.Equal(HttpStatusCode.Created, international.StatusCode);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var numbers = await db.Callbacks.Where(c => c.ServiceId == service.Id).Select(c => c.PhoneNumber).ToListAsync();
        Assert.Equal(["+12025550143", "+12025550177", "+442079460018"], numbers.Order());
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("")]
    [InlineData("United Kingdom")]
    public async Task An_unknown_country_is_a_validation_error_at_its_field_and_nothing_is_stored(string country)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        using var client = portal.Host.NewClient();
        var http = client.Http;

        using var response = await ApiServices.CreateCallbackAsync(http, service.Key, new { phoneNumber = "020 7946 0018", phoneCountry = country });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiServices.JsonAsync(response);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("phoneCountry", out _));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.False(await db.Callbacks.AnyAsync(c => c.ServiceId == service.Id));
    }
}
