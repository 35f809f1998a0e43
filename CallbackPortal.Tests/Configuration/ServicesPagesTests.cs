using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Components.Pages.Configuration;
using CallbackPortal.Components.Pages.Configuration.ServiceEditor;
using CallbackPortal.Data;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The services list and the service editor as pages: rendered, refused at the field, saved, paused and resumed.</summary>
public sealed class ServicesPagesTests : IAsyncLifetime
{
    private ServicesHarness harness = default!;

    public async Task InitializeAsync() => harness = await ServicesHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task TheListShowsEachServiceAndPausesWithAReasonAndResumes()
    {
        await harness.CreateAsync("support", f => f.Schedule = ServiceSchedule.AlwaysOpen("UTC"));
        await harness.CreateAsync("sales", f => (f.Schedule, f.DialMode) = (new ServiceSchedule { TimeZone = "UTC" }, DialMode.AgentFirst));
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var page = context.Render<ServicesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=service-link]").Count));
        Assert.NotNull(page.Find("[data-testid=new-service]"));
        Assert.Equal(["Service sales", "Service support"], page.FindAll("[data-testid=service-link]").Select(l => l.TextContent));
        Assert.Equal(["Closed", "Open now"], page.FindAll("[data-testid=service-state]").Select(s => s.TextContent.Trim()));
        Assert.Contains("Agent first", page.Markup);

        page.FindAll("[data-testid=pause]")[1].Click();
        page.Find("[data-testid=pause-confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("Say why", page.Find("[data-testid=pause-panel]").TextContent));
        Field(page, "pause-reason").Change("network outage");
        page.Find("[data-testid=pause-confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("network outage", page.FindAll("[data-testid=service-state]")[1].TextContent));
        Assert.StartsWith("Paused", page.FindAll("[data-testid=service-state]")[1].TextContent.Trim());

        page.Find("[data-testid=resume]").Click();
        page.WaitForAssertion(() => Assert.Equal("Open now", page.FindAll("[data-testid=service-state]")[1].TextContent.Trim()));
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == ServiceControl.PausedAction || e.Action == ServiceControl.ResumedAction));
    }

    [Fact]
    public async Task ALimitedUserListsOnlyTheirServices()
    {
        var mine = await harness.CreateAsync("mine");
        await harness.CreateAsync("other");
        await using (var db = harness.Database.CreateDbContext())
        {
            db.Users.Add(new ApplicationUser { Id = "limited-user", UserName = "lim@example.test", ServiceLimit = [mine] });
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(harness.Database, harness.Register, user =>
        {
            user.SetAuthorized("lim@example.test");
            user.SetRoles(Roles.Supervisor);
            user.SetClaims(new Claim(ClaimTypes.NameIdentifier, "limited-user"));
        });

        var page = context.Render<ServicesPage>();

        page.WaitForAssertion(() => Assert.Equal(["Service mine"], page.FindAll("[data-testid=service-link]").Select(l => l.TextContent)));
        Assert.Empty(page.FindAll("[data-testid=new-service]"));
    }

    [Fact]
    public async Task TheEditorShowsARefusalAtItsFieldSavesNothingThenSaves()
    {
        var id = await harness.CreateAsync("support");
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var page = context.Render<ServiceEdit>(p => p.Add(e => e.Id, id));
        page.WaitForAssertion(() => Assert.Equal("Service support", page.Find("[data-testid=service-title]").TextContent));
        Field(page, "service-caller-id").Change("202-555-0100");
        Field(page, "service-name").Change("Customer support");
        page.Find("[data-testid=service-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Use an E.164 number", page.Markup));
        Assert.Contains("Nothing was saved", page.Find("[data-testid=service-errors]").TextContent);
        await using (var db = harness.Database.CreateDbContext())
        {
            Assert.Equal("Service support", (await db.CallbackServices.SingleAsync()).Name);
        }

        Field(page, "service-caller-id").Change("+12025550123");
        page.Find("[data-testid=service-save]").Click();
        page.WaitForAssertion(() => Assert.Equal("Saved.", page.Find("[data-testid=service-saved]").TextContent));
        Assert.DoesNotContain("Use an E.164 number", page.Markup);
        await using var check = harness.Database.CreateDbContext();
        var stored = await check.CallbackServices.SingleAsync();
        Assert.Equal(("Customer support", "+12025550123"), (stored.Name, stored.CallerId));
    }

    [Fact]
    public async Task CreatingANewServiceOpensItsEditor()
    {
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var page = context.Render<ServiceEdit>();
        Field(page, "service-key").Change("sales-emea");
        Field(page, "service-name").Change("Sales EMEA");
        page.Find("[data-testid=service-save]").Click();

        await using var db = harness.Database.CreateDbContext();
        var created = await db.CallbackServices.SingleAsync();
        Assert.Equal(("sales-emea", "Sales EMEA"), (created.Key, created.Name));
        Assert.EndsWith($"/configuration/services/{created.Id}?created=true", context.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task TheCapacityGridSavesACellAndRefusesANegativeOne()
    {
        var id = await harness.CreateAsync("support");
        await using var context = PortalPages.For(harness.Database, harness.Register);
        var page = context.Render<ServiceEdit>(p => p.Add(e => e.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=service-title]"));

        OpenTab(page, "Capacity");
        page.WaitForAssertion(() => page.Find("[data-testid=cell-Tuesday-0930]"));
        Assert.Contains("closed", page.Find("[data-testid=cell-Saturday-0930]").ParentElement!.ClassName);
        page.Find("[data-testid=cell-Tuesday-0930]").Change("-4");
        page.Find("[data-testid=service-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("Tuesday 09:30: a capacity cannot be negative", page.Markup));

        page.Find("[data-testid=cell-Tuesday-0930]").Change("12");
        page.Find("[data-testid=service-save]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=service-saved]"));
        await using var db = harness.Database.CreateDbContext();
        var entry = Assert.Single((await db.CallbackServices.SingleAsync()).Capacity.WeeklyOverrides);
        Assert.Equal((DayOfWeek.Tuesday, new TimeOnly(9, 30), 12), (entry.Day, entry.SlotStart, entry.Capacity));
    }

    [Fact]
    public async Task TheConsumerFormIsCheckedAsItIsTypedAndPreviewed()
    {
        var id = await harness.CreateAsync("support");
        await using var context = PortalPages.For(harness.Database, harness.Register);
        var page = context.Render<ServiceEdit>(p => p.Add(e => e.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=service-title]"), TimeSpan.FromSeconds(5));

        OpenTab(page, "Consumer form");
        page.WaitForAssertion(() => Assert.Contains("Receive a Call", page.Find("[data-testid=form-preview]").TextContent), TimeSpan.FromSeconds(5));
        Assert.NotNull(page.Find("[data-testid=form-preview] input[type=tel]#preview-cb-phone"));
        // Found and typed into in one dispatch: the editor re-renders as it checks, which would replace a handler found earlier.
        await page.InvokeAsync(() => Field(page, "form-json").Input("{ \"title\": \"Call me\", \"inputs\": [ { \"id\": \"n\", \"name\": \"notes\", \"label\": \"Notes\" } ] }"));
        page.WaitForAssertion(() => Assert.Contains("named \"phoneNumber\"", page.Find("[data-testid=form-problem]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Contains("Call me", page.Find("[data-testid=form-preview]").TextContent);

        await page.InvokeAsync(() => Field(page, "form-json").Input("{ \"title\": "));
        page.WaitForAssertion(() => Assert.Contains("not valid JSON", page.Find("[data-testid=form-problem]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("[data-testid=form-preview]"));

        await page.InvokeAsync(() => page.Find("[data-testid=reset-form]").Click());
        page.WaitForAssertion(() => Assert.Contains("Receive a Call", page.Find("[data-testid=form-preview]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("[data-testid=form-problem]"));
    }

    [Fact]
    public async Task TheEmbedTabGivesTheScriptTagForThisServiceAndWarnsWhileNoSiteIsAllowed()
    {
        var closed = await harness.CreateAsync("closed-site");
        var open = await harness.CreateAsync("open-site");
        await using (var db = harness.Database.CreateDbContext())
        {
            (await db.CallbackServices.SingleAsync(s => s.Id == open)).AllowedOrigins = ["https://shop.example.com"];
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var first = context.Render<ServiceEdit>(p => p.Add(e => e.Id, closed));
        first.WaitForAssertion(() => first.Find("[data-testid=service-title]"), TimeSpan.FromSeconds(5));
        OpenTab(first, "Embed");
        var second = context.Render<ServiceEdit>(p => p.Add(e => e.Id, open));
        second.WaitForAssertion(() => second.Find("[data-testid=service-title]"), TimeSpan.FromSeconds(5));
        OpenTab(second, "Embed");

        var script = first.Find("[data-testid=embed-script]").TextContent;
        Assert.Contains("src=\"http://localhost/widget/v1/callback.js\"", script);
        Assert.Contains("data-service=\"closed-site\"", script);
        Assert.Contains("service: 'closed-site'", first.Find("[data-testid=embed-init]").TextContent);
        Assert.Contains("No site may call this service", first.Find("[data-testid=embed-no-origins]").TextContent);
        Assert.Contains("https://shop.example.com", second.Find("[data-testid=embed-origins]").TextContent);
        Assert.Empty(second.FindAll("[data-testid=embed-no-origins]"));
    }

    [Fact]
    public async Task TheEmbedTabShowsTheServiceWorkerLineOnlyWhenTheServiceHasWebPushOn()
    {
        var push = await harness.CreateAsync("push-site");
        var plain = await harness.CreateAsync("plain-site");
        await using (var db = harness.Database.CreateDbContext())
        {
            var service = await db.CallbackServices.SingleAsync(s => s.Id == push);
            (service.Push.WebPushEnabled, service.Push.VapidPublicKey, service.Push.VapidPrivateKeyProtected) = (true, "BPublicKey", "protected");
            await db.SaveChangesAsync();
        }
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var withPush = context.Render<ServiceEdit>(p => p.Add(e => e.Id, push));
        withPush.WaitForAssertion(() => withPush.Find("[data-testid=service-title]"), TimeSpan.FromSeconds(5));
        OpenTab(withPush, "Embed");
        var without = context.Render<ServiceEdit>(p => p.Add(e => e.Id, plain));
        without.WaitForAssertion(() => without.Find("[data-testid=service-title]"), TimeSpan.FromSeconds(5));
        OpenTab(without, "Embed");

        Assert.Equal("importScripts('http://localhost/widget/v1/callback-sw.js');", withPush.Find("[data-testid=embed-service-worker]").TextContent.Trim());
        Assert.Contains("data-service-worker=\"/callback-sw.js\"", withPush.Markup);
        Assert.Empty(without.FindAll("[data-testid=embed-service-worker]"));
    }

    [Fact]
    public async Task ANewServiceHasNoEmbedTabUntilItExists()
    {
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var page = context.Render<ServiceEdit>();

        page.WaitForAssertion(() => page.Find("[data-testid=service-save]"));
        Assert.DoesNotContain(page.FindAll(".mud-tab"), t => t.TextContent.Contains("Embed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownServiceIsExplainedKindly()
    {
        await using var context = PortalPages.For(harness.Database, harness.Register);

        var page = context.Render<ServiceEdit>(p => p.Add(e => e.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Contains("There is no such service", page.Find("[data-testid=no-such-service]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=service-save]"));
    }

    /// <summary>The input of a MudBlazor field marked with a test id (the id lands on the input or on its wrapper).</summary>
    private static IElement Field(IRenderedComponent<IComponent> page, string testId) =>
        page.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    private static void OpenTab(IRenderedComponent<IComponent> page, string title) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim().StartsWith(title, StringComparison.Ordinal)).Click();
}
