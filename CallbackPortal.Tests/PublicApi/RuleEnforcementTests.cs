using System.Net;
using CallbackPortal.Callbacks;
using CallbackPortal.Rules;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CallbackPortal.Tests.PublicApi;

/// <summary>The rules of DOMAIN.md §5 as a consumer meets them through the API: the right code, the rule named, nothing stored.</summary>
[Collection(PortalCollection.Name)]
public sealed class RuleEnforcementTests(SharedPortal portal)
{
    [Fact]
    public async Task FiftySimultaneousRequestsForOneNumberNeverPassTheThrottle()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            s.Rules.DuplicateCheck = DuplicateCheck.Off;
            s.Rules.NumberThrottle = new ThrottleLimit { Limit = 6, WindowSeconds = 86_400 };
        });
        using var client = portal.Host.NewClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" })));

        Assert.Equal(6, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(44, refused.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.FromHours(23)));
        var problem = await ApiServices.JsonAsync(refused[0]);
        Assert.Equal(("too-many-requests", "number-throttle"), (problem.GetProperty("code").GetString(), problem.GetProperty("rule").GetString()));
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(6, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task TheServiceThrottleHoldsAcrossManyNumbersUnderConcurrency()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.Rules.ServiceThrottles = [new ThrottleLimit { Limit = 10, WindowSeconds = 300 }]);
        using var client = portal.Host.NewClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = $"+1202555{1000 + i:0000}" })));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var problem = await ApiServices.JsonAsync(responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal("service-throttle", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task AThrottleKeyedOnAHeaderCountsPerUser()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s =>
            s.Rules.KeyedThrottle = new KeyedThrottle { Source = ThrottleKeySource.Header, Name = "X-User-Id", Limit = 2, WindowSeconds = 3600 });
        using var client = portal.Host.NewClient();

        var results = new List<HttpStatusCode>();
        foreach (var (user, number) in new[] { ("u1", "+12025551001"), ("u1", "+12025551002"), ("u1", "+12025551003"), ("u2", "+12025551004") })
        {
            var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, $$"""{"phoneNumber":"{{number}}"}""", ("X-User-Id", user));
            results.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.Created], results);
    }

    [Fact]
    public async Task AtMostTwoOpenCallbacksPerNumberAndOneWhenStrict()
    {
        var normal = await ApiServices.CreateAsync(portal.Host);
        var strict = await ApiServices.CreateAsync(portal.Host, s => s.Rules.DuplicateCheck = DuplicateCheck.Strict);
        using var client = portal.Host.NewClient();

        var normalCodes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            normalCodes.Add((await ApiServices.CreateCallbackAsync(client.Http, normal.Key, new { phoneNumber = "+12025550143" })).StatusCode);
        }
        await ApiServices.CreateCallbackAsync(client.Http, strict.Key, new { phoneNumber = "+12025550143" });
        var second = await ApiServices.CreateCallbackAsync(client.Http, strict.Key, new { phoneNumber = "+1 (202) 555-0143" });

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict], normalCodes);
        var problem = await ApiServices.JsonAsync(second);
        Assert.Equal(("duplicate-in-queue", "duplicate-in-queue"), (problem.GetProperty("code").GetString(), problem.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task CallbacksHeldByAPausedServiceCountAgainstTheWatermark()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => { s.Paused = true; s.MaxQueued = 1; });
        using var client = portal.Host.NewClient();

        var first = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" });
        var second = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550144" });

        Assert.Equal("Paused", (await ApiServices.JsonAsync(first)).GetProperty("state").GetString());
        Assert.Equal("queue-full", await ApiServices.CodeAsync(second));
    }

    [Fact]
    public async Task CostlyNumberTypesCountriesAndBlockedPatternsAreRefusedWithTheirRule()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s =>
        {
            s.Rules.PermittedCountries = ["US", "GB"];
            s.Rules.BlockedPatterns = [new BlockedPattern { Kind = PatternKind.Prefix, Pattern = "+1202555019", Note = "test block" }];
        });
        using var client = portal.Host.NewClient();
        var util = PhoneNumberUtil.GetInstance();
        var premium = util.Format(util.GetExampleNumberForType("GB", PhoneNumberType.PREMIUM_RATE), PhoneNumberFormat.E164);
        var german = util.Format(util.GetExampleNumberForType("DE", PhoneNumberType.MOBILE), PhoneNumberFormat.E164);

        var cases = new[] { (premium, "number-type"), (german, "permitted-countries"), ("+12025550199", "blocked-pattern") };
        foreach (var (number, rule) in cases)
        {
            var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = number });
            var problem = await ApiServices.JsonAsync(response);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("number-not-allowed", problem.GetProperty("code").GetString());
            Assert.Equal(rule, problem.GetProperty("rule").GetString());
            Assert.DoesNotContain(number, problem.GetProperty("detail").GetString());
        }
        await using var db = await ApiServices.DbAsync(portal.Host);
        Assert.Equal(0, await db.Callbacks.CountAsync(c => c.ServiceId == service.Id));
    }

    [Fact]
    public async Task EveryRefusalIsInTheErrorLogWithItsRuleAndAHashedClient()
    {
        var service = await ApiServices.CreateAsync(portal.Host, s => s.MaxQueued = 0);
        using var client = portal.Host.NewClient();

        var response = await ApiServices.CreateCallbackAsync(client.Http, service.Key, """{"phoneNumber":"+12025550143"}""", ("Origin", "http://localhost"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refusedQueue = await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = "+12025550143" });
        Assert.Equal("queue-full", await ApiServices.CodeAsync(refusedQueue));
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            return await db.ApiErrors.AnyAsync(e => e.Service == service.Key && e.Code == "queue-full");
        }));
        await using var check = await ApiServices.DbAsync(portal.Host);
        var entry = await check.ApiErrors.FirstAsync(e => e.Service == service.Key && e.Code == "queue-full");
        Assert.Equal(("watermark", 409, "POST"), (entry.Rule, entry.Status, entry.Method));
        Assert.Contains("watermark", entry.Detail);
        Assert.NotNull(entry.ClientHash);
        Assert.DoesNotContain("127.0.0.1", entry.ClientHash);
        Assert.True(await ApiServices.EventuallyAsync(async () =>
        {
            await using var db = await ApiServices.DbAsync(portal.Host);
            return await db.ApiErrors.AnyAsync(e => e.Service == service.Key && e.Code == "origin-not-allowed");
        }));
    }
}
