using System.Net;
using System.Text;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Tests.PublicApi.Abuse;

public sealed partial class AbuseScenarios
{
    /// <summary>Origins a script on another site could send from, none of them the service's one allowed origin.</summary>
    private static readonly string[] ForeignOrigins =
    [
        "https://evil.example", "https://shop.example.com.evil.example", "http://shop.example.com", "https://shop.example.com:8443",
        "null", "https://evilshop.example.com", "https://sub.shop.example.com", "https://shop.example.co",
    ];

    /// <summary>A preflight and a real create from each foreign origin: none may get an Access-Control-Allow-Origin header or store a callback.</summary>
    public async Task<AbuseFigure> CorsFromForeignOriginsAsync()
    {
        var service = await ApiServices.CreateAsync(host, s => s.AllowedOrigins = ["https://shop.example.com"]);
        using var client = NewClient();
        var path = $"/api/v1/services/{service.Key}/callbacks";
        var responses = new List<HttpResponseMessage>();
        foreach (var (origin, index) in ForeignOrigins.Select((o, i) => (o, i)))
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            responses.Add(await client.Http.SendAsync(preflight));
            using var create = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new StringContent($$"""{"phoneNumber":"{{FictionalNumber(index)}}"}""", Encoding.UTF8, "application/json"),
            };
            create.Headers.Add("Origin", origin);
            responses.Add(await client.Http.SendAsync(create));
        }
        await using var db = await ApiServices.DbAsync(host);
        var stored = await db.Callbacks.CountAsync(c => c.ServiceId == service.Id);
        var answeredForBrowser = responses.Count(r => r.Headers.Contains("Access-Control-Allow-Origin") || r.IsSuccessStatusCode);
        var refusals = new List<Refusal>();
        foreach (var response in responses.Where(r => !r.IsSuccessStatusCode))
        {
            refusals.Add(await RefusalOfAsync(response));
        }
        return new AbuseFigure($"CORS from {ForeignOrigins.Length} foreign origins (preflight + create each)", responses.Count, Math.Max(stored, answeredForBrowser), 0,
            "none (only https://shop.example.com allowed)", refusals);
    }

    /// <summary>
    /// Reading, rescheduling and cancelling callbacks by id without their token: random ids with no token or another
    /// callback's token, and a real id with no token or a wrong one. Every answer must be the same 404, so an id cannot
    /// even be confirmed to exist.
    /// </summary>
    public async Task<AbuseFigure> GuessCallbackIdsAsync(int randomIds = 10)
    {
        var service = await ApiServices.CreateAsync(host);
        using var client = NewClient();
        var mine = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = FictionalNumber(0) }));
        var victim = await ApiServices.JsonAsync(await ApiServices.CreateCallbackAsync(client.Http, service.Key, new { phoneNumber = FictionalNumber(1) }));
        var (victimId, myToken) = (victim.GetProperty("id").GetGuid(), mine.GetProperty("accessToken").GetString()!);
        var random = new Random(7);
        var guesses = new List<(Guid Id, string? Token)>();
        for (var i = 0; i < randomIds; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            guesses.Add((new Guid(bytes), null));
            guesses.Add((new Guid(bytes), myToken));
        }
        guesses.AddRange([(victimId, null), (victimId, ""), (victimId, myToken), (victimId, "x"), (victimId, new string('A', 43))]);
        var responses = new List<HttpResponseMessage>();
        foreach (var (id, token) in guesses)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Patch, HttpMethod.Delete })
            {
                using var request = new HttpRequestMessage(method, $"/api/v1/callbacks/{id}");
                if (token is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                }
                if (method == HttpMethod.Patch)
                {
                    request.Content = new StringContent("""{"desiredTime":"2030-01-01T10:00:00Z"}""", Encoding.UTF8, "application/json");
                }
                responses.Add(await client.Http.SendAsync(request));
            }
        }
        var refusals = new List<Refusal>();
        var answers = new HashSet<string>();
        foreach (var response in responses.Where(r => !r.IsSuccessStatusCode))
        {
            refusals.Add(await RefusalOfAsync(response));
            var problem = await ApiServices.JsonAsync(response);
            answers.Add($"{(int)response.StatusCode} {problem.GetProperty("title")} {problem.GetProperty("detail")}");
        }
        await using var db = await ApiServices.DbAsync(host);
        var untouched = await db.Callbacks.AsNoTracking().SingleAsync(c => c.Id == victimId);
        DistinctGuessAnswers = answers.Count;
        var gotThrough = responses.Count(r => r.IsSuccessStatusCode) + (untouched.State == CallbackPortal.Callbacks.CallbackState.Queued ? 0 : 1);
        return new AbuseFigure($"Guessing callback ids without the token (GET/PATCH/DELETE, {randomIds} random ids + the real one)", responses.Count, gotThrough, 0,
            "none (the access token is required)", refusals);
    }

    /// <summary>How many different answers the id guesses got (1: unknown ids and wrong tokens cannot be told apart).</summary>
    public int DistinctGuessAnswers { get; private set; }

    /// <summary>
    /// Twenty wrong passwords for one account and then the right one. Identity locks the account after the configured
    /// failures; "got through" counts the passwords the portal actually checked, and a sign-in would be one more.
    /// </summary>
    public async Task<AbuseFigure> BruteForceOneAccountAsync(int wrongPasswords = 20)
    {
        var email = $"brute-{Guid.NewGuid():N}@example.test";
        await host.CreateUserAsync(email, SharedPortal.Password, "Monitor");
        using var client = NewClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < wrongPasswords; i++)
        {
            answers.Add(await client.LoginAsync(email, $"wrong-password-{i:00}"));
        }
        answers.Add(await client.LoginAsync(email, SharedPortal.Password));
        var signedIn = 0;
        var refusals = new List<Refusal>();
        foreach (var answer in answers)
        {
            var location = answer.Headers.Location?.ToString() ?? "";
            if (answer.StatusCode == HttpStatusCode.OK && (await answer.Content.ReadAsStringAsync()).Contains("Invalid login attempt", StringComparison.Ordinal))
            {
                refusals.Add(new Refusal(200, "invalid-login-attempt", null));
            }
            else if (location.Contains("/Account/Lockout", StringComparison.Ordinal))
            {
                refusals.Add(new Refusal(302, "locked-out", null));
            }
            else
            {
                signedIn++;
            }
        }
        // The failure that reaches the threshold is checked too; it is answered with the lock-out page.
        var firstLockout = refusals.FindIndex(r => r.Code == "locked-out");
        var checkedPasswords = firstLockout < 0 ? refusals.Count : firstLockout + 1;
        var limit = LockoutFailures();
        return new AbuseFigure($"Brute-force log-in ({wrongPasswords} wrong passwords, then the right one)", answers.Count, checkedPasswords + signedIn, limit,
            $"{limit} failures, then locked for {LockoutMinutes()} min (Identity lockout)", refusals);
    }

    /// <summary>
    /// Password spraying: a few wrong passwords on each of several accounts from one address, under the lockout
    /// threshold of each. Lockout counts per account; the per-address sign-in limit (Security:SignInAttemptsPerAddress)
    /// is what stops it: "got through" counts the passwords the portal checked.
    /// </summary>
    public async Task<AbuseFigure> PasswordSprayingFromOneAddressAsync(int accounts = 10)
    {
        var perAccount = LockoutFailures() - 1;
        var emails = Enumerable.Range(0, accounts).Select(_ => $"spray-{Guid.NewGuid():N}@example.test").ToList();
        foreach (var email in emails)
        {
            await host.CreateUserAsync(email, SharedPortal.Password, "Monitor");
        }
        using var client = NewClient();
        var refusals = new List<Refusal>();
        var attempts = 0;
        foreach (var email in emails)
        {
            for (var i = 0; i < perAccount; i++)
            {
                attempts++;
                var answer = await client.LoginAsync(email, $"Spring2026!{i}");
                refusals.Add(answer.StatusCode switch
                {
                    HttpStatusCode.OK => new Refusal(200, "invalid-login-attempt", null),
                    HttpStatusCode.TooManyRequests => new Refusal(429, "sign-in-limit", null),
                    _ => new Refusal((int)answer.StatusCode, "other", null),
                });
            }
        }
        var security = host.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        return new AbuseFigure($"Password spraying from one address ({accounts} accounts × {perAccount})", attempts,
            refusals.Count(r => r.Code == "invalid-login-attempt"), security.SignInAttemptsPerAddress,
            $"{security.SignInAttemptsPerAddress} sign-in attempts per address per {security.SignInWindowMinutes} min", refusals);
    }

    private int LockoutFailures() => Lockout().MaxFailedAccessAttempts;

    private int LockoutMinutes() => (int)Lockout().DefaultLockoutTimeSpan.TotalMinutes;

    private LockoutOptions Lockout() => host.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout;
}
