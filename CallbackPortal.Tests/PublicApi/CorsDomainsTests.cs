using System.Net;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Integration;
using CallbackPortal.Data;
using CallbackPortal.Diagnostics;
using CallbackPortal.PublicApi;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>The CORS domains page: origins are validated, stored normalised, applied at once, and refused requests are shown next to them.</summary>
[Collection(PortalCollection.Name)]
public sealed class CorsDomainsTests(SharedPortal portal)
{
    [Fact]
    public async Task AnAddedOriginWorksAtOnceAndARemovedOneIsRefusedAgain()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var domains = portal.Host.Services.GetRequiredService<CorsDomains>();
        using var client = portal.Host.NewClient();
        var path = $"/api/v1/services/{service.Key}/status";
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, path, "https://shop.example.com")).StatusCode);

        Assert.Null(await domains.AddAsync(PortalActor.System, service.Id, " HTTPS://Shop.Example.com/ ", CancellationToken.None));
        Assert.Null(await domains.AddAsync(PortalActor.System, service.Id, "https://shop.example.com", CancellationToken.None));
        var afterAdd = await GetAsync(client, path, "https://shop.example.com");
        await domains.RemoveAsync(PortalActor.System, service.Id, "https://shop.example.com", CancellationToken.None);
        var afterRemove = await GetAsync(client, path, "https://shop.example.com");

        Assert.Equal(HttpStatusCode.OK, afterAdd.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, afterRemove.StatusCode);
        Assert.Empty((await domains.ListAsync(PortalActor.System, CancellationToken.None)).Single(s => s.ServiceId == service.Id).Origins);
        await using var db = await ApiServices.DbAsync(portal.Host);
        var audit = await db.AuditEntries.Where(e => e.ServiceId == service.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["origin added", "origin removed"], audit.Select(e => e.Action));
        Assert.Equal("https://shop.example.com", Assert.Single(AuditChanges.FromJson(audit[0].Changes)).After);
    }

    [Fact]
    public async Task AUserLimitedToOtherServicesCannotChangeThisOnesOrigins()
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var domains = portal.Host.Services.GetRequiredService<CorsDomains>();
        var limited = new PortalActor("someone", "someone@example.com", new ServiceScope(new HashSet<Guid> { Guid.NewGuid() }));

        Assert.DoesNotContain(await domains.ListAsync(limited, CancellationToken.None), s => s.ServiceId == service.Id);
        Assert.NotNull(await domains.AddAsync(limited, service.Id, "https://shop.example.com", CancellationToken.None));
        Assert.Empty((await domains.ListAsync(PortalActor.System, CancellationToken.None)).Single(s => s.ServiceId == service.Id).Origins);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("*")]
    [InlineData("https://shop.example.com/path")]
    [InlineData("")]
    public async Task AnOriginThatCannotBeTrustedIsRefusedWithAReason(string origin)
    {
        var service = await ApiServices.CreateAsync(portal.Host);
        var domains = portal.Host.Services.GetRequiredService<CorsDomains>();

        var problem = await domains.AddAsync(PortalActor.System, service.Id, origin, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(problem));
        Assert.Empty((await domains.ListAsync(PortalActor.System, CancellationToken.None)).Single(s => s.ServiceId == service.Id).Origins);
    }

    [Fact]
    public async Task ThePageListsTheOriginsAddsOneAndShowsRefusedRequests()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using (var db = database.CreateDbContext())
        {
            db.CallbackServices.Add(new CallbackService { Id = Guid.NewGuid(), Key = "support", Name = "Support", AllowedOrigins = ["https://help.example.com"] });
            db.CorsRejections.Add(new CorsRejection { At = DateTimeOffset.UtcNow, Origin = "https://evil.example.net", Service = "support", Method = "POST", Path = "/api/v1/services/support/callbacks" });
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(database, s => s.AddSingleton<ServiceCors>().AddSingleton<CorsDomains>());

        var page = context.Render<CorsDomainsPage>();
        page.WaitForAssertion(() => Assert.Contains("https://help.example.com", page.Markup));
        Assert.Contains("https://evil.example.net", page.Find("[data-testid=rejections]").TextContent);

        NewOriginInput(page).Change("not an origin");
        page.Find("[data-testid=add-origin]").Click();
        page.WaitForAssertion(() => Assert.Contains("scheme://host", page.Markup));
        NewOriginInput(page).Change("https://shop.example.com");
        page.Find("[data-testid=add-origin]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=origin]").Count));
        await using var check = database.CreateDbContext();
        Assert.Equal(["https://help.example.com", "https://shop.example.com"], (await check.CallbackServices.SingleAsync()).AllowedOrigins);
    }

    [Fact]
    public async Task ALinkNamingAServiceOpensThePageOnThatService()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using (var db = database.CreateDbContext())
        {
            db.CallbackServices.Add(new CallbackService { Id = Guid.NewGuid(), Key = "billing", Name = "Billing", AllowedOrigins = ["https://billing.example.com"] });
            db.CallbackServices.Add(new CallbackService { Id = Guid.NewGuid(), Key = "sales", Name = "Sales", AllowedOrigins = ["https://sales.example.com"] });
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(database, s => s.AddSingleton<ServiceCors>().AddSingleton<CorsDomains>());
        context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/integration/cors?service=sales");

        var page = context.Render<CorsDomainsPage>();

        page.WaitForAssertion(() => Assert.Equal("https://sales.example.com", Assert.Single(page.FindAll("[data-testid=origin]")).TextContent));
    }

    /// <summary>MudTextField puts extra attributes on its input or on its wrapper depending on the version: accept either.</summary>
    private static AngleSharp.Dom.IElement NewOriginInput(IRenderedComponent<CorsDomainsPage> page) =>
        page.FindAll("input[data-testid=new-origin], [data-testid=new-origin] input")[0];

    private static async Task<HttpResponseMessage> GetAsync(PortalClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return await client.Http.SendAsync(request);
    }
}
