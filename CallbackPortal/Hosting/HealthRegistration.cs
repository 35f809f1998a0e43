using System.Text.Json;
using CallbackPortal.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallbackPortal.Hosting;

public static class HealthRegistration
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddPortalHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<JobServerHealthCheck>("jobs", tags: [ReadyTag]);
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.UsesPostgres)
        {
            // Degraded (still 200 on /health/ready) while the node does not hear the other nodes' events.
            checks.AddCheck<EventRelayHealthCheck>("events", tags: [ReadyTag]);
        }
        return builder;
    }

    /// <summary>
    /// Live: the process answers. Ready: the database is migrated and the job server runs (on PostgreSQL also: the node hears
    /// the other nodes' events). Both anonymous, for load balancers.
    /// </summary>
    public static void MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson }).AllowAnonymous();
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
