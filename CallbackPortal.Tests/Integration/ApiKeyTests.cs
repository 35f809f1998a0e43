using System.Security.Cryptography;
using System.Text;
using Bunit;
using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Components.Pages.Integration;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace CallbackPortal.Tests.Integration;

/// <summary>API keys: made once and shown once, stored as a hash, refused when revoked or expired, last use noted without a write per request.</summary>
public sealed class ApiKeyTests
{
    private static readonly PortalActor Admin = new("admin-id", "admin@example.test", ServiceScope.Everything);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static ApiKeyForm Form(string name, params string[] scopes) => new() { Name = name, Scopes = [.. scopes] };

    [Fact]
    public async Task ACreatedKeyIsReturnedOnceAndOnlyItsHashAndPrefixAreStored()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var store = new ApiKeyStore(database, new AuditLog(TimeProvider.System), TimeProvider.System);

        var created = await store.CreateAsync(Admin, Form("Main ACD", ApiKeyScopes.Presence), CancellationToken.None);

        var key = Assert.IsType<string>(created.Key);
        Assert.Matches("^cbk_[A-Za-z0-9_-]{43}$", key);
        await using var db = database.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), stored.KeyHash);
        Assert.Equal(key[..12], stored.Prefix);
        Assert.Equal([ApiKeyScopes.Presence], stored.Scopes);
        Assert.Equal("admin@example.test", stored.CreatedBy);
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(AuditAreas.ApiKeys, entry.Area);
        Assert.Contains("Main ACD", entry.Changes);
        Assert.DoesNotContain(key, entry.Changes);
        Assert.DoesNotContain(stored.KeyHash, entry.Changes);
        Assert.DoesNotContain(key, (await store.ListAsync(CancellationToken.None)).Single().ToString());
    }

    [Fact]
    public async Task BadInputIsRefusedFieldByFieldAndNothingIsStored()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var clock = new FakeTimeProvider(Start);
        var store = new ApiKeyStore(database, new AuditLog(clock), clock);
        await store.CreateAsync(Admin, Form("Taken", ApiKeyScopes.Presence), CancellationToken.None);

        var empty = await store.CreateAsync(Admin, new ApiKeyForm { Name = "  ", ExpiresOn = Start.UtcDateTime.Date }, CancellationToken.None);
        var duplicate = await store.CreateAsync(Admin, Form("Taken", "not-a-scope"), CancellationToken.None);
        var tooLong = await store.CreateAsync(Admin, Form(new string('x', 101), ApiKeyScopes.Presence), CancellationToken.None);

        Assert.Equal(["ExpiresOn", "Name", "Scopes"], empty.Errors.Keys.Order());
        Assert.Contains("after today", empty.Errors["ExpiresOn"][0]);
        Assert.Contains("already exists", duplicate.Errors["Name"][0]);
        Assert.Contains("Unknown scope", duplicate.Errors["Scopes"][0]);
        Assert.Contains("100", tooLong.Errors["Name"][0]);
        Assert.All([empty, duplicate, tooLong], r => Assert.Null(r.Key));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.ApiKeys.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task AKeyIsRefusedOnceExpiredOrRevokedAndAStrangerKeyNever()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var clock = new FakeTimeProvider(Start);
        var store = new ApiKeyStore(database, new AuditLog(clock), clock);
        var expiring = (await store.CreateAsync(Admin, new ApiKeyForm { Name = "Expiring", Scopes = [ApiKeyScopes.Presence], ExpiresOn = Start.UtcDateTime.Date.AddDays(2) }, CancellationToken.None)).Key!;
        var revoked = await store.CreateAsync(Admin, Form("Revoked", ApiKeyScopes.Presence), CancellationToken.None);

        Assert.NotNull((await store.VerifyAsync(expiring, CancellationToken.None)).Key);
        Assert.Null(await store.RevokeAsync(Admin, revoked.Row!.Id, CancellationToken.None));
        var afterRevoke = await store.VerifyAsync(revoked.Key!, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(2));
        var afterExpiry = await store.VerifyAsync(expiring, CancellationToken.None);
        var stranger = await store.VerifyAsync(expiring[..12] + new string('A', expiring.Length - 12), CancellationToken.None);
        var notAKey = await store.VerifyAsync("hello", CancellationToken.None);

        Assert.Equal("This API key has been revoked.", afterRevoke.Refusal);
        Assert.Equal("This API key has expired.", afterExpiry.Refusal);
        Assert.Equal("No such API key.", stranger.Refusal);
        Assert.NotNull(notAKey.Refusal);
        Assert.All([afterRevoke, afterExpiry, stranger, notAKey], c => Assert.Null(c.Key));
        var statuses = (await store.ListAsync(CancellationToken.None)).ToDictionary(r => r.Name, r => r.Status);
        Assert.Equal(ApiKeyStatus.Expired, statuses["Expiring"]);
        Assert.Equal(ApiKeyStatus.Revoked, statuses["Revoked"]);
        await using var db = database.CreateDbContext();
        Assert.Equal(["created", "created", "revoked"], await db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task LastUsedIsWrittenAtMostOnceAMinute()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var clock = new FakeTimeProvider(Start);
        var store = new ApiKeyStore(database, new AuditLog(clock), clock);
        var key = (await store.CreateAsync(Admin, Form("Busy", ApiKeyScopes.Presence), CancellationToken.None)).Key!;

        async Task<DateTimeOffset?> UseAsync(TimeSpan after)
        {
            clock.Advance(after);
            Assert.NotNull((await store.VerifyAsync(key, CancellationToken.None)).Key);
            await using var db = database.CreateDbContext();
            return (await db.ApiKeys.SingleAsync()).LastUsedAt;
        }

        Assert.Equal(Start.AddSeconds(1), await UseAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(Start.AddSeconds(1), await UseAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Start.AddSeconds(1), await UseAsync(TimeSpan.FromSeconds(29)));
        Assert.Equal(Start.AddSeconds(61), await UseAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ThePageShowsTheNewKeyOnceWithAWarningAndListsItByPrefixAfterwards()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        await using var context = PortalPages.For(database, s => s.AddSingleton<ApiKeyStore>());
        var page = context.Render<ApiKeysPage>();

        page.Find("[data-testid=create-key]").Click();
        page.WaitForAssertion(() => Assert.Contains("Choose at least one scope.", page.Find("[data-testid=scopes-error]").TextContent));
        Input(page, "key-name").Change("Main ACD");
        Input(page, "scope-presence").Change(true);
        page.Find("[data-testid=create-key]").Click();

        page.WaitForAssertion(() => Assert.Contains("will not be shown again", page.Find("[data-testid=new-key-panel]").TextContent));
        var key = page.Find("[data-testid=new-key]").TextContent;
        Assert.StartsWith("cbk_", key);
        Assert.Contains(key[..12], page.Find("[data-testid=keys]").TextContent);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), (await db.ApiKeys.SingleAsync()).KeyHash);
        }

        page.Find("[data-testid=dismiss-key]").Click();
        Assert.DoesNotContain(key, page.Markup);
        var again = context.Render<ApiKeysPage>();
        again.WaitForAssertion(() => Assert.Contains("Main ACD", again.Find("[data-testid=keys]").TextContent));
        Assert.DoesNotContain(key, again.Markup);
        Assert.Contains("Active", again.Find("[data-testid=key-status]").TextContent);
    }

    [Fact]
    public async Task RevokingFromThePageAsksFirstThenMarksTheKeyRevoked()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var store = new ApiKeyStore(database, new AuditLog(TimeProvider.System), TimeProvider.System);
        await store.CreateAsync(Admin, Form("Old ACD", ApiKeyScopes.Presence), CancellationToken.None);
        await using var context = PortalPages.For(database, s => s.AddSingleton(store));
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<ApiKeysPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=revoke-key]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("will be refused from now on", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Equal(ApiKeyStatus.Active, (await store.ListAsync(CancellationToken.None)).Single().Status);

        page.Find("[data-testid=revoke-key]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        page.WaitForAssertion(() => Assert.Contains("Revoked", page.Find("[data-testid=key-status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=revoke-key]"));
        Assert.Equal(ApiKeyStatus.Revoked, (await store.ListAsync(CancellationToken.None)).Single().Status);
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<ApiKeysPage> page, string testId) =>
        page.FindAll($"input[data-testid={testId}], [data-testid={testId}] input")[0];
}
