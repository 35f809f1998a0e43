using System.Net;
using System.Net.Http.Json;
using CallbackPortal.PublicApi;
using CallbackPortal.PublicApi.Captcha;
using CallbackPortal.Rules;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.PublicApi.Captcha;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace CallbackPortal.Tests.PublicApi.Abuse;

/// <summary>
/// The abuse a public callback form attracts, run against an app with its configured limits (no test overrides):
/// each scenario comes from its own client address (X-Forwarded-For, believed from loopback) so the per-address rate
/// limit of one does not decide another. Shared by <c>AbuseTests</c> and the <c>abuse</c> benchmark mode.
/// </summary>
public sealed partial class AbuseScenarios(PortalHost host)
{
    // Per process, not per instance: tests sharing a host must not share an address either.
    private static int nextClient;

    /// <summary>A client with an address of its own (in 198.18.0.0/15, the benchmarking range: never a real consumer).</summary>
    private PortalClient NewClient()
    {
        var n = Interlocked.Increment(ref nextClient);
        var client = host.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.18.{n / 250}.{(n % 250) + 1}");
        return client;
    }

    /// <summary>Fifty requests at once for one number, with the rules a new service gets: the duplicate check holds it at two open callbacks.</summary>
    public async Task<AbuseFigure> BombOneNumberAsync(int attempts = 50)
    {
        var service = await ApiServices.CreateAsync(host);
        var limit = 2;
        return await CreateAllAsync("Callback bombing of one number (rules of a new service)", service, attempts, limit,
            "at most 2 open callbacks per number (duplicate check)", _ => FictionalNumber(0));
    }

    /// <summary>The same with the duplicate check off: the per-number throttle (6 per 24 h by default) is what holds.</summary>
    public async Task<AbuseFigure> BombOneNumberPastTheDuplicateCheckAsync(int attempts = 50)
    {
        var service = await ApiServices.CreateAsync(host, s => s.Rules.DuplicateCheck = DuplicateCheck.Off);
        var throttle = service.Rules.NumberThrottle;
        return await CreateAllAsync("Callback bombing of one number, duplicate check off", service, attempts, throttle.Limit,
            $"{throttle.Limit} per number per {throttle.WindowSeconds / 3600} h (number throttle)", _ => FictionalNumber(0));
    }

    /// <summary>One client asking for callbacks to many different numbers: the per-address rate limit of the consumer API.</summary>
    public async Task<AbuseFigure> ManyNumbersFromOneClientAsync()
    {
        var service = await ApiServices.CreateAsync(host, s => s.Rules.DuplicateCheck = DuplicateCheck.Off);
        var options = host.Services.GetRequiredService<IOptions<PublicApiOptions>>().Value;
        var attempts = options.RateLimitPermits + 80;
        return await CreateAllAsync("Many numbers from one client", service, attempts, options.RateLimitPermits,
            $"{options.RateLimitPermits} requests per address per {options.RateLimitWindowSeconds} s (rate limit)", FictionalNumber);
    }

    /// <summary>
    /// Costly and risky numbers: every type a new service does not call (premium rate, shared cost, personal, pager, UAN…)
    /// in several countries (libphonenumber's example numbers), ranges blocked by prefix, and countries not permitted.
    /// </summary>
    public async Task<AbuseFigure> PremiumAndHighRiskNumbersAsync()
    {
        string[] permitted = ["US", "GB", "DE", "FR", "IT", "ES", "AU", "AG", "JM"];
        var service = await ApiServices.CreateAsync(host, s =>
        {
            s.Rules.PermittedCountries = [.. permitted];
            s.Rules.DuplicateCheck = DuplicateCheck.Off;
            // Caribbean area codes of the "one ring" and lottery scams: NANP numbers of an ordinary type, refused by range.
            s.Rules.BlockedPatterns = [new BlockedPattern { Kind = PatternKind.Prefix, Pattern = "+1268", Note = "Antigua" }, new BlockedPattern { Kind = PatternKind.Prefix, Pattern = "+1876", Note = "Jamaica" }];
        });
        var util = PhoneNumberUtil.GetInstance();
        var allowed = service.Rules.AllowedNumberTypes.ToHashSet();
        var numbers = new List<string>();
        foreach (var region in permitted.Where(r => r is not "AG" and not "JM"))
        {
            foreach (var type in Enum.GetValues<PhoneNumberType>().Where(t => t != PhoneNumberType.UNKNOWN && !allowed.Contains(NumberKinds.From(t))))
            {
                if (util.GetExampleNumberForType(region, type) is { } example)
                {
                    numbers.Add(util.Format(example, PhoneNumberFormat.E164));
                }
            }
        }
        foreach (var region in new[] { "AG", "JM" })
        {
            numbers.Add(util.Format(util.GetExampleNumberForType(region, PhoneNumberType.FIXED_LINE), PhoneNumberFormat.E164));
        }
        foreach (var region in new[] { "CU", "SO", "NG", "PK", "LV" })
        {
            numbers.Add(util.Format(util.GetExampleNumberForType(region, PhoneNumberType.MOBILE), PhoneNumberFormat.E164));
        }
        return await CreateAllAsync("Premium-rate and high-risk numbers", service, numbers.Count, 0,
            "none (number types, blocked prefixes, permitted countries)", i => numbers[i]);
    }

    /// <summary>One solved proof-of-work challenge sent with twenty requests at once: it is good for one callback.</summary>
    public async Task<AbuseFigure> CaptchaReplayAsync(int attempts = 20)
    {
        var service = await ApiServices.CreateAsync(host, s => s.Captcha = new CaptchaSettings { Provider = CaptchaProvider.ProofOfWork, ProofOfWorkMaxNumber = 5_000 });
        using var client = NewClient();
        var challenge = (await client.Http.GetFromJsonAsync<AltchaChallenge>($"/api/v1/captcha/challenge?service={service.Key}"))!;
        var solution = AltchaSolver.Solve(challenge);
        return await CreateAllAsync("CAPTCHA replay (one solution, 20 requests at once)", service, attempts, 1,
            "1 callback per solved challenge", FictionalNumber, client, captcha: solution);
    }

    /// <summary>Valid US numbers in the fictional 555-01xx block, one per index.</summary>
    private static string FictionalNumber(int index) => $"+1202555{1000 + index:0000}";

    private async Task<AbuseFigure> CreateAllAsync(string scenario, CallbackService service, int attempts, int limit, string limitText, Func<int, string> number,
        PortalClient? sharedClient = null, string? captcha = null)
    {
        using var own = sharedClient is null ? NewClient() : null;
        var client = sharedClient ?? own!;
        var responses = await Task.WhenAll(Enumerable.Range(0, attempts).Select(i =>
            ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = number(i), captcha })));
        var refusals = new List<Refusal>();
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            refusals.Add(await RefusalOfAsync(response));
        }
        await using var db = await ApiServices.DbAsync(host);
        var stored = await db.Callbacks.CountAsync(c => c.ServiceId == service.Id);
        return new AbuseFigure(scenario, attempts, Math.Max(stored, attempts - refusals.Count), limit, limitText, refusals);
    }

    private static async Task<Refusal> RefusalOfAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return new Refusal((int)response.StatusCode, null, null);
        }
        var problem = await ApiServices.JsonAsync(response);
        string? Field(string name) => problem.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new Refusal((int)response.StatusCode, Field("code"), Field("rule"));
    }
}
