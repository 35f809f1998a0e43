using CallbackPortal.Telephony;
using CallbackPortal.Telephony.Simulator;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Hosting;

public static class TelephonyRegistration
{
    /// <summary>
    /// The Twilio-compatible adapter, and with the default provider the built-in carrier simulator it talks to.
    /// The engine's side of the port (<see cref="ICallProgressSink"/>, <see cref="ICallInstructionSource"/>) is
    /// registered by the engine; until then the telephony endpoints answer 503.
    /// </summary>
    public static WebApplicationBuilder AddPortalTelephony(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TelephonyOptions>(builder.Configuration, TelephonyOptions.Section);
        var telephony = builder.Configuration.GetSection(TelephonyOptions.Section).Get<TelephonyOptions>() ?? new TelephonyOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PublicAddress>();
        services.TryAddSingleton<CallbackReplayFilter>();
        services.AddHttpClient<TwilioVoiceProvider>((sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelephonyOptions>>().Value.RequestTimeoutSeconds));
        services.TryAddTransient<ITelephonyProvider>(sp => sp.GetRequiredService<TwilioVoiceProvider>());

        if (!telephony.UsesSimulator)
        {
            services.TryAddSingleton(sp => TwilioAccount.FromOptions(sp.GetRequiredService<IOptions<TelephonyOptions>>().Value));
            return builder;
        }

        services.AddValidatedOptions<CarrierSimulatorOptions>(builder.Configuration, CarrierSimulatorOptions.Section);
        services.TryAddSingleton<CarrierSimulatorCredentials>();
        services.TryAddSingleton<CarrierSimulatorLedger>();
        services.TryAddSingleton<CarrierSimulator>();
        services.TryAddSingleton<SimulatedCallScript>();
        services.TryAddSingleton<SimulatorWebhooks>();
        services.AddHostedService<CarrierSimulatorWorker>();
        services.AddHttpClient(SimulatorWebhooks.HttpClientName, (sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelephonyOptions>>().Value.RequestTimeoutSeconds));
        // The adapter talks to the simulator over real HTTP, at the app's own address, with the generated account.
        services.TryAddSingleton(sp =>
        {
            var credentials = sp.GetRequiredService<CarrierSimulatorCredentials>();
            var address = sp.GetRequiredService<PublicAddress>();
            return new TwilioAccount(credentials.AccountSid, credentials.AuthToken, () => address.For(CarrierSimulatorApi.Prefix));
        });
        return builder;
    }
}
