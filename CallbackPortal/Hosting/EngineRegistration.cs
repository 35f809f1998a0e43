using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Engine.Jobs;
using CallbackPortal.Services;
using CallbackPortal.Telephony;

namespace CallbackPortal.Hosting;

public static class EngineRegistration
{
    /// <summary>The callback engine: plain services, with Hangfire jobs as thin wrappers and the telephony port's engine side.</summary>
    public static WebApplicationBuilder AddPortalEngine(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EngineOptions>(builder.Configuration, EngineOptions.Section);
        // On PostgreSQL several nodes may share the database: their events cross by LISTEN/NOTIFY. On SQLite there is one node.
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.UsesPostgres)
        {
            services.AddSingleton<EngineEventOutbox>();
            services.AddSingleton<IEngineEventOutbox>(sp => sp.GetRequiredService<EngineEventOutbox>());
            // Wall time for its reconnect backoff: not a business time a test's fake clock should drive.
            services.AddSingleton(sp => new PostgresEventRelay(sp.GetRequiredService<CallbackEventStream>(), sp.GetRequiredService<EngineEventOutbox>(),
                sp.GetRequiredService<PostgresConnectionString>(), sp.GetRequiredService<ILogger<PostgresEventRelay>>(), TimeProvider.System));
            services.AddHostedService(sp => sp.GetRequiredService<PostgresEventRelay>());
        }
        services.AddSingleton(sp => new CallbackEventStream(sp.GetService<IEngineEventOutbox>()));
        services.AddSingleton<DispatchSignal>();
        services.AddHostedService<DispatchLoop>();
        services.AddSingleton<IEngineTriggers, HangfireEngineTriggers>();
        services.AddSingleton<Data.WriteGate>();
        services.AddSingleton<WaitTimes>();
        services.AddSingleton<CallOutcomes>();
        services.AddSingleton<CallbackDispatcher>();
        services.AddTransient<AttemptDialer>();
        services.AddSingleton<CallbackScheduler>();
        services.AddSingleton<PreviewDecisions>();
        services.AddSingleton<PurgeService>();
        services.AddSingleton<AgentPresenceService>();
        services.AddSingleton<ServiceControl>();
        services.AddSingleton<CallbackIntake>();
        services.AddSingleton<Reports.RuleRefusalCounter>();
        services.AddHostedService(sp => sp.GetRequiredService<Reports.RuleRefusalCounter>());
        services.AddTransient<ICallProgressSink, CallProgressHandler>();
        services.AddSingleton<ICallInstructionSource, CallInstructionSource>();
        services.AddTransient<EngineJobs>();
        services.AddHostedService<EngineStartup>();
        services.AddSingleton<Demo.DemoSeeder>();
        services.AddSingleton<Demo.DemoHistory>();
        services.AddHostedService<Demo.DemoActivity>();
        services.AddHostedService<Demo.DemoHostPages>();
        return builder;
    }
}
