using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.ClickToCall;
using CallbackPortal.Diagnostics;
using CallbackPortal.Lifecycle;
using CallbackPortal.Privacy;
using CallbackPortal.PublicApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace CallbackPortal.Hosting;

public static class PublicApiRegistration
{
    public const string ConsumerRateLimit = "consumer";
    public const string ReferencePath = "/api-reference";

    /// <summary>The public API: per-client rate limits, CORS per service, idempotency, the error log, OpenAPI.</summary>
    public static WebApplicationBuilder AddPortalPublicApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<PublicApiOptions>(builder.Configuration, PublicApiOptions.Section);
        services.AddValidatedOptions<DiagnosticsOptions>(builder.Configuration, DiagnosticsOptions.Section);
        services.AddSingleton<ServiceCors>();
        services.AddSingleton<CorsDomains>();
        services.AddSingleton<PublicApi.Captcha.CaptchaConfiguration>();
        services.AddSingleton<IdempotencyStore>();
        if ((builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).UsesPostgres)
        {
            services.AddSingleton<DatabaseRateLimits>();
        }
        services.AddSingleton<CallbackActions>();
        services.AddSingleton<Rules.NumberTester>();
        services.AddSingleton<DiagnosticsLog>();
        services.AddHostedService<DiagnosticsWriter>();
        services.AddSingleton<DiagnosticsHousekeeping>();
        services.AddSingleton<ApiErrorLogQuery>();
        services.AddTransient<ApiHousekeeping>();
        services.AddValidatedOptions<Lifecycle.LifecycleOptions>(builder.Configuration, Lifecycle.LifecycleOptions.Section);
        services.AddSingleton<Lifecycle.LifecycleIntake>();
        services.AddSingleton<ClickToCall.ClickToCallGroups>();
        services.AddSingleton<ClickToCall.ClickToCallReservations>();
        services.AddSingleton<ClickToCall.ClickToCallRecords>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        var proxies = builder.Configuration.GetSection($"{PublicApiOptions.Section}:{nameof(PublicApiOptions.TrustedProxies)}").Get<List<string>>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new ConfigurationException($"PublicApi:TrustedProxies = '{proxy}' is not an IP address."));
            }
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new UtcTimeConverter()));
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ConsumerRateLimit, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<PublicApiOptions>>().Value;
                var partition = ClientAddress.PartitionOf(context.Connection.RemoteIpAddress);
                var shared = context.RequestServices.GetService<DatabaseRateLimits>();
                if (shared is not null)
                {
                    // Several nodes: counted in the database, so the limit holds whichever node a request reaches.
                    return RateLimitPartition.Get(partition, key => new DatabaseRateLimiter(shared, key, settings.RateLimitPermits, TimeSpan.FromSeconds(settings.RateLimitWindowSeconds)));
                }
                return RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = settings.RateLimitPermits,
                    Window = TimeSpan.FromSeconds(settings.RateLimitWindowSeconds),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(SignInRateLimit.PartitionFor);
            options.OnRejected = async (rejected, ct) =>
            {
                if (SignInRateLimit.IsAttempt(rejected.HttpContext.Request))
                {
                    await SignInRateLimit.RefuseAsync(rejected.HttpContext, rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var signInWait) ? signInWait
                        : TimeSpan.FromMinutes(rejected.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.SignInWindowMinutes));
                    return;
                }
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
                    : TimeSpan.FromSeconds(rejected.HttpContext.RequestServices.GetRequiredService<IOptions<PublicApiOptions>>().Value.RateLimitWindowSeconds);
                await ApiProblems.Problem("too-many-requests", "Too many requests from this address; wait and try again.", rule: "rate-limit", retryAfter: wait)
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CallbackPortal public API";
                document.Info.Version = "v1";
                document.Info.Description = "Request, follow, reschedule and cancel callbacks; integrations (an ACD reporting agent presence) use an API key. Errors are RFC 9457 problems with a stable `code`.";
                return Task.CompletedTask;
            });
            options.AddApiKeySecurity();
        });
        return builder;
    }

    /// <summary>Middleware of the API paths: the error log around everything, then CORS per service, then the rate limiter.</summary>
    public static WebApplication UsePortalPublicApi(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch =>
        {
            branch.UseMiddleware<ApiErrorLogging>();
            // Integration endpoints are server-to-server: an Origin header there is neither refused nor answered with CORS headers.
            branch.UseWhen(context => !IntegrationEndpoints.IsIntegrationPath(context.Request.Path), consumer => consumer.UseMiddleware<ServiceCorsMiddleware>());
        });
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapPublicApi(this WebApplication app)
    {
        app.MapGroup("/api/v1")
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(ConsumerRateLimit)
            .WithTags("Consumer")
            .MapServiceEndpoints()
            .MapCallbackEndpoints()
            .MapLifecycleEndpoints()
            .MapClickToCallRequests();
        // Authenticated by an API key (not the portal's cookie), and not limited per address like the anonymous consumer endpoints.
        app.MapGroup("/api/v1")
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Integration")
            .MapIntegrationEndpoints()
            .MapClickToCallMatch()
            .MapErasureEndpoint();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapApiErrorExport();
        // Self-hosted and offline: no telemetry, no AI chat, no toolbar of hosted services.
        app.MapScalarApiReference(ReferencePath, (options, context) =>
        {
            var nonce = SecurityHeadersMiddleware.NonceOf(context);
            options.WithNonce(nonce);
            // Before the reference's own script: keeps its bundled Zod from probing for eval, which the policy forbids.
            options.HeadContent = $"<script src=\"/api-reference.js\" nonce=\"{nonce}\"></script>";
            options.WithTitle("CallbackPortal API reference").WithOpenApiRoutePattern("/openapi/{documentName}.json");
            options.Telemetry = false;
            options.DefaultFonts = false;
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            options.Agent = new ScalarAgentOptions { Disabled = true };
        }).AllowAnonymous();
        return app;
    }
}
